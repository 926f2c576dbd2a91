"""How a customer's name and phone number are shown to whoever is not the open audit's team. Pure."""


def mask_name(name):
    """Keep the first character (the family name of a Chinese name): 张三丰 → 张**."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone):
    """Keep the first three and the last four digits of a number long enough: 13812345678 → 138****5678."""
    phone = (phone or "").strip()
    if not phone:
        return ""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "*" * (len(phone) - 7) + phone[-4:]
