// Civicshire's Cookie Control configuration, as councils write it: the
// analytics tag loads only from onAccept; reject sits in the panel
// (rejectButton: false); revoking deletes the category's cookies.
(function () {
  function loadAnalytics() {
    var s = document.createElement('script');
    s.src = 'https://stats.fixturemetrics.net/a.js';
    document.head.appendChild(s);
  }
  window.addEventListener('load', function () {
    CookieControl.load({
      apiKey: 'c0ffee0000000000000000000000000000000000',
      product: 'PRO',
      initialState: 'notify',
      notifyOnce: false,
      rejectButton: false,
      position: 'left',
      theme: 'dark',
      necessaryCookies: ['ASP.NET_SessionId'],
      text: {
        notifyTitle: 'Your choice regarding cookies on this site',
        notifyDescription: 'We use cookies to optimise site functionality and give you the best possible experience.',
        accept: 'Accept',
        settings: 'Cookie Preferences',
      },
      optionalCookies: [
        {
          name: 'analytics',
          label: 'Analytical Cookies',
          description: 'Analytical cookies help us to improve our website by collecting and reporting information on its usage.',
          cookies: ['_fm_id', '_hjSessionUser_*'],
          onAccept: loadAnalytics,
          onRevoke: function () {},
        },
      ],
    });
  });
})();
