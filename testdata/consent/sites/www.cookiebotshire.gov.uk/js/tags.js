// A tag manager snippet outside Cookiebot's control, on every page.
document.cookie = "_clck=" + Math.random().toString(36).slice(2) + "|2|f0|0|1; max-age=31536000; path=/; SameSite=Lax";
