# Pure rules of the client portal (no Odoo imports): each module can be loaded and tested on its own.
