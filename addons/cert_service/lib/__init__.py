# Pure domain rules (no Odoo imports): each module here can be loaded and tested on its own.
