// Live refresh: every few seconds the page asks for its data part again (#live, data-live) and swaps it in, times
// are written in the reader's zone, and #freshness says when the data is stale or the dashboard does not answer.
// Without this script the page still reads: it is rendered whole on the server.
(() => {
  "use strict";
  const localize = (root) => {
    for (const el of root.querySelectorAll("time[data-local]")) {
      const at = new Date(el.getAttribute("datetime"));
      if (!Number.isNaN(at.getTime())) {
        el.textContent = at.toLocaleString(undefined, { dateStyle: "medium", timeStyle: "medium" });
      }
    }
  };

  const start = () => {
    localize(document);
    const live = document.getElementById("live");
    const freshness = document.getElementById("freshness");
    if (!live || !live.dataset.live) {
      return;
    }

    const every = Math.max(1, Number(live.dataset.refresh || "3")) * 1000;
    let last = "";
    let lastGood = Date.now();
    const say = (text, stale) => {
      if (freshness && freshness.textContent !== text) {
        freshness.textContent = text;
      }
      if (freshness) {
        freshness.classList.toggle("stale", stale);
      }
    };

    const refresh = async () => {
      try {
        const response = await fetch(live.dataset.live, { headers: { Accept: "text/html" }, cache: "no-store", credentials: "same-origin" });
        if (response.status === 401) {
          say("Signed out: sign in again to see fresh data.", true);
          return;
        }
        if (!response.ok) {
          throw new Error(`HTTP ${response.status}`);
        }
        const html = await response.text();
        lastGood = Date.now();
        say("", false);
        // Keep the reader's focus: a button or link being used is not replaced under them.
        const active = document.activeElement;
        if (html === last || (active && active !== document.body && live.contains(active))) {
          return;
        }
        live.innerHTML = html;
        last = html;
        localize(live);
      } catch {
        const seconds = Math.round((Date.now() - lastGood) / 1000);
        say(`Stale: the dashboard does not answer (last update ${seconds} s ago).`, true);
      }
    };

    setInterval(refresh, every);
  };

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
