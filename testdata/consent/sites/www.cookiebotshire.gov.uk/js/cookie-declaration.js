// The domain's cookie declaration, as Cookiebot's scanner records it.
window.CookiebotDeclaration = { statistics: ["_fm_id", "_pk_id.#", "_pk_ses.#"], marketing: [] };
