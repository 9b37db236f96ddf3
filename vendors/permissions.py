def can_edit_vendor_data(user) -> bool:
    """Risk leaders, procurement and administrators maintain the vendor record."""
    return user.is_authenticated and user.has_perm("vendors.change_vendor")
