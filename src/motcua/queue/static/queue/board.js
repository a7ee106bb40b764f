// The display board: follows the centre's stream (server-sent events), redraws the board, and announces each
// call by voice from the shipped clips, one announcement at a time. EventSource reconnects by itself (with
// Last-Event-ID); a watchdog reopens it when nothing came for 30 s (a network that dropped silently).
(function () {
  "use strict";
  var MANY_AREAS = 8;  // as the page's first drawing (portal/floor/board.html)
  var root = document.getElementById("board");
  if (!root) return;
  var WATCHDOG_MS = 30000;
  var audio = document.getElementById("board-audio");
  var offline = document.getElementById("board-offline");
  var announceLine = document.getElementById("board-announce");
  var soundButton = document.getElementById("board-sound");
  var source = null, lastMessage = Date.now(), soundOn = false, queue = [], playing = false;

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function draw(board, fresh) {
    var serving = document.getElementById("board-serving");
    serving.replaceChildren();
    board.serving.forEach(function (call) {
      var li = el("li", fresh[call.label] ? "fresh" : "");
      li.append(el("span", "serving-number", call.label), el("span", "serving-counter", root.dataset.textCounter + " " + call.counter_number));
      serving.append(li);
    });
    if (!board.serving.length) serving.append(el("li", "board-empty", root.dataset.textNobody));
    var last = document.getElementById("board-last");
    last.replaceChildren();
    board.last_calls.forEach(function (call) {
      var li = el("li");
      li.append(el("span", "", call.label), el("span", "", root.dataset.textCounter + " " + call.counter_number), el("time", "", call.at));
      last.append(li);
    });
    var areas = document.getElementById("board-areas");
    areas.replaceChildren();
    document.getElementById("board-areas-quiet").hidden = !(board.areas.length > MANY_AREAS);
    // A big centre's areas do not fit a TV: past MANY_AREAS, only those where someone waits are listed.
    var many = board.areas.length > MANY_AREAS;
    board.areas.forEach(function (area) {
      if (many && !area.waiting) return;
      var li = el("li");
      li.append(el("span", "area-code", area.code), el("span", "area-name", area.name), el("strong", "", String(area.waiting)));
      areas.append(li);
    });
  }

  // Announcements: never two at once; each is its clips played in turn.
  function playNext() {
    if (playing || !queue.length) return;
    var call = queue.shift();
    announceLine.textContent = call.text;
    if (!soundOn) { setTimeout(playNext, 0); return; }
    playing = true;
    var clips = call.clips.slice();
    function step() {
      if (!clips.length) { playing = false; setTimeout(playNext, 600); return; }
      audio.src = root.dataset.voice + clips.shift() + ".wav";
      var p = audio.play();
      if (p && p.catch) p.catch(function () { clips = []; step(); });
    }
    audio.onended = step;
    audio.onerror = step;
    step();
  }

  function onBoard(message) {
    lastMessage = Date.now();
    offline.hidden = true;
    var data = JSON.parse(message.data);
    var fresh = {};
    data.calls.forEach(function (call) { fresh[call.label] = true; queue.push(call); });
    draw(data.board, fresh);
    root.dataset.change = data.board.change;
    playNext();
  }

  function open() {
    if (source) source.close();
    source = new EventSource(root.dataset.events);
    source.addEventListener("board", onBoard);
    source.onopen = function () { lastMessage = Date.now(); offline.hidden = true; };
    source.addEventListener("ping", function () { lastMessage = Date.now(); offline.hidden = true; });
    source.onerror = function () { offline.hidden = false; };
  }

  // The server sends a "ping" event every 15 s when nothing happens: 30 s of silence means a connection that
  // died without an error (a network drop), so it is opened again.
  setInterval(function () {
    if (Date.now() - lastMessage > WATCHDOG_MS || (source && source.readyState === EventSource.CLOSED)) {
      offline.hidden = false;
      lastMessage = Date.now();
      open();
    }
  }, 5000);

  function tick() {
    var now = new Date();
    document.getElementById("board-clock").textContent = now.toLocaleTimeString("vi-VN", {
      timeZone: "Asia/Ho_Chi_Minh", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
    });
  }
  tick();
  setInterval(tick, 1000);

  // Browsers play sound only after a click on the page (kiosk TVs: chromium --autoplay-policy=no-user-gesture-required).
  soundButton.addEventListener("click", function () {
    soundOn = true;
    soundButton.hidden = true;
    audio.src = root.dataset.voice + "chime.wav";
    audio.play().catch(function () { soundOn = false; soundButton.hidden = false; });
  });
  audio.muted = false;
  var probe = audio.play && (audio.src = root.dataset.voice + "chime.wav", audio.play());
  if (probe && probe.then) probe.then(function () { soundOn = true; soundButton.hidden = true; }, function () {});

  open();
})();
