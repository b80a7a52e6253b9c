// The phone's outbox: a form marked data-outbox (the encounter, the referral) that cannot reach the
// server waits in IndexedDB, is listed in #outbox, and goes when the network returns. Each carries its
// idempotency key (a hidden field filled here): sent twice, it is recorded once. The server answers
// the outbox in JSON (relais/www/core/outbox.py): the message shows on the item. Sent or refused, an
// item keeps its label and message only, never the form's fields; logging out clears everything.
(function () {
  "use strict";
  var box = document.getElementById("outbox");
  if (!box || !window.indexedDB) return;
  var list = box.querySelector("[data-outbox-list]");
  var DB_NAME = "relais-outbox";
  var STORE = "items";
  var KEEP_DONE_MS = 12 * 3600 * 1000;
  var STATES = { waiting: "En attente d'envoi", sending: "Envoi en cours", sent: "Envoyé", refused: "Refusé" };

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64;
    b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function openDb() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "id" });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function run(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { db.close(); resolve(result && result.result); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }
  function all() {
    return run("readonly", function (store) { return store.getAll(); }).then(function (items) {
      return (items || []).sort(function (a, b) { return a.created - b.created; });
    });
  }
  function save(item) { return run("readwrite", function (store) { store.put(item); }); }
  function drop(id) { return run("readwrite", function (store) { store.delete(id); }); }

  function render() {
    return all().then(function (items) {
      var now = Date.now();
      items = items.filter(function (item) {
        var old = item.state !== "waiting" && now - (item.done || now) > KEEP_DONE_MS;
        if (old) drop(item.id);
        return !old;
      });
      list.textContent = "";
      items.forEach(function (item) {
        var li = document.createElement("li");
        li.className = "relais-outbox__item";
        li.dataset.state = item.state;
        li.dataset.testid = "outbox-item";
        var title = document.createElement("p");
        title.className = "fr-mb-0";
        var strong = document.createElement("strong");
        strong.textContent = STATES[item.state] + " · ";
        title.appendChild(strong);
        title.appendChild(document.createTextNode(item.label));
        li.appendChild(title);
        if (item.message) {
          var message = document.createElement("p");
          message.className = "fr-mb-0 " + (item.state === "refused" ? "fr-error-text" : "fr-hint-text");
          message.dataset.testid = "outbox-message";
          message.textContent = item.message;
          li.appendChild(message);
        }
        if (item.state === "sent" || item.state === "refused") {
          var dismiss = document.createElement("button");
          dismiss.type = "button";
          dismiss.className = "fr-btn fr-btn--tertiary-no-outline fr-btn--sm";
          dismiss.textContent = "Retirer de la liste";
          dismiss.addEventListener("click", function () { drop(item.id).then(render); });
          li.appendChild(dismiss);
        }
        list.appendChild(li);
      });
      box.hidden = items.length === 0;
      var waiting = items.filter(function (item) { return item.state === "waiting"; }).length;
      box.querySelector("[data-outbox-count]").textContent = waiting
        ? waiting + " envoi" + (waiting > 1 ? "s" : "") + " en attente de réseau : ils partiront seuls au retour du réseau."
        : "Rien en attente.";
      return items;
    });
  }

  function currentToken(fallback) {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : fallback;
  }

  // {retry: true} when it must wait (no network, session expired), else the server's JSON answer.
  function send(item) {
    var body = new URLSearchParams(item.body);
    body.set("csrfmiddlewaretoken", currentToken(body.get("csrfmiddlewaretoken")));
    return fetch(item.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Relais-Outbox": "1", Accept: "application/json" },
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 403) {
        return { retry: true, message: "Session expirée : reconnectez-vous, l'envoi reprendra ensuite." };
      }
      if (!response.ok) {
        return { retry: true, message: "Le serveur n'a pas pu répondre : nouvel essai dans un instant." };
      }
      return response.json();
    }, function () {
      return { retry: true, network: true, message: "" };
    });
  }

  var flushing = false;
  function flush() {
    if (flushing || !navigator.onLine) return Promise.resolve();
    flushing = true;
    return all().then(function (items) {
      var waiting = items.filter(function (item) { return item.state === "waiting"; });
      return waiting.reduce(function (previous, item) {
        return previous.then(function (stop) {
          if (stop) return true;
          return send(item).then(function (answer) {
            if (answer.retry) {
              item.message = answer.message;
              return save(item).then(function () { return true; });
            }
            var done = { id: item.id, label: item.label, created: item.created, done: Date.now(),
              state: answer.ok ? "sent" : "refused", message: answer.message, url: answer.url || "" };
            return save(done).then(function () { return false; });
          });
        });
      }, Promise.resolve(false));
    }).then(function () {
      flushing = false;
      return render();
    }, function () {
      flushing = false;
    });
  }

  function describe(form, submitter) {
    var parts = [form.dataset.outbox];
    var place = form.querySelector("input[name=location_label]");
    if (place && place.value) parts.push(place.value);
    if (submitter && submitter.getAttribute("aria-label")) parts.push(submitter.getAttribute("aria-label"));
    else if (submitter && submitter.textContent.trim()) parts.push(submitter.textContent.trim());
    parts.push(new Date().toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit" }));
    return parts.join(" — ");
  }

  function fresh(form) {
    var key = form.querySelector("input[name=idempotency_key]");
    if (key) key.value = uuid();
    return key;
  }

  function queue(form, item) {
    return save(item).then(function () {
      form.reset();
      fresh(form);
      form.dispatchEvent(new Event("change"));
      return render();
    }).then(function () {
      box.scrollIntoView({ block: "nearest" });
      box.focus();
    });
  }

  function submitNatively(form, submitter) {
    if (submitter && submitter.name) {
      var carry = document.createElement("input");
      carry.type = "hidden";
      carry.name = submitter.name;
      carry.value = submitter.value;
      form.appendChild(carry);
    }
    HTMLFormElement.prototype.submit.call(form);
  }

  document.querySelectorAll("form[data-outbox]").forEach(function (form) {
    var key = form.querySelector("input[name=idempotency_key]");
    if (key && !key.value) key.value = uuid();
    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      event.preventDefault();
      var data = new FormData(form);
      if (submitter && submitter.name) data.append(submitter.name, submitter.value);
      var item = {
        id: (key && key.value) || uuid(),
        label: describe(form, submitter),
        url: form.getAttribute("action") || window.location.pathname,
        body: new URLSearchParams(data).toString(),
        state: "waiting",
        created: Date.now(),
        message: "",
      };
      if (!navigator.onLine) {
        queue(form, item);
        return;
      }
      send(item).then(function (answer) {
        if (answer.ok) window.location.assign(answer.url);
        else if (answer.network) queue(form, item);
        else submitNatively(form, submitter);  // the server shows what to correct, nothing was recorded
      });
    });
  });

  // Logging out erases the outbox and the service worker's copies (the server also sends Clear-Site-Data).
  document.querySelectorAll('form[action="' + box.dataset.logout + '"]').forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared) return;
      event.preventDefault();
      var cleared = [new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(DB_NAME);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      })];
      if (window.caches) {
        cleared.push(caches.keys().then(function (keys) {
          return Promise.all(keys.map(function (k) { return caches.delete(k); }));
        }));
      }
      Promise.all(cleared).then(function () {
        form.dataset.cleared = "1";
        HTMLFormElement.prototype.submit.call(form);
      });
    });
  });

  box.querySelector("[data-outbox-send]").addEventListener("click", flush);
  window.addEventListener("online", flush);
  window.setInterval(flush, 30000);
  if ("serviceWorker" in navigator && box.dataset.sw) {
    navigator.serviceWorker.register(box.dataset.sw, { scope: "/" }).catch(function () {});
  }
  render().then(flush);
})();
