from vendors.permissions import can_edit_vendor_data


def roles(request):
    """What the navigation and buttons need to know about the signed-in user."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"can_edit_vendor_data": can_edit_vendor_data(user)}
