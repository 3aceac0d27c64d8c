// The window's first requests, sent from the page's head before the app's bundle is even fetched (issue 12):
// the opened article with its spans and labels, and the session as the annotator this tab used last.
// src/boot/early-data.ts picks the answers up from window.__workbenchBoot (and asks again if they failed).
// A classic script with no imports, so it runs as soon as the head is parsed.
(function () {
  'use strict';
  function stored(key) {
    try {
      return sessionStorage.getItem(key) || localStorage.getItem(key);
    } catch {
      return null;
    }
  }
  var call;
  if (window.workbench) {
    call = function (method, input) {
      return window.workbench[method](input);
    };
  } else if (location.protocol === 'http:' || location.protocol === 'https:') {
    var token = new URLSearchParams(location.search).get('token') || stored('workbench.token') || '';
    call = function (method, input) {
      return fetch('/api/' + method, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Workbench-Token': token },
        body: JSON.stringify(input),
      }).then(function (response) {
        return response.json();
      });
    };
  } else {
    return;
  }
  var quiet = function (promise) {
    return promise.then(undefined, function () {
      return null;
    });
  };
  var boot = {};
  var match = /^#\/article\/([\w-]+)$/.exec(location.hash);
  if (match) boot.article = { id: match[1], answer: quiet(call('openArticle', { id: match[1] })) };
  var annotator = stored('workbench.annotator');
  if (annotator) boot.session = { name: annotator, answer: quiet(call('setAnnotator', { name: annotator })) };
  window.__workbenchBoot = boot;
})();
