from django.utils.cache import patch_cache_control


class NoStoreWhenAuthenticatedMiddleware:
    """Nothing a signed-in user sees is kept by the browser or a proxy: shared phones, logout.

    After the view, so that a user authenticated by an API key (set by the API view) counts too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
