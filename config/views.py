from django.shortcuts import redirect

from config.roles import Role


def home(request):
    """Where signing in lands: executives read selections, everyone else starts at the vendors."""
    user = request.user
    if not user.is_superuser and user.groups.filter(name=Role.EXECUTIVE.value).exists():
        return redirect("evaluator:list")
    return redirect("vendors:list")
