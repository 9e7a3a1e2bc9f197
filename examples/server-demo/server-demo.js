// Connects an <attune-chat> to the reference server. The site tells us where the server
// runs (/config.json, written by `npm start`); without it we try the default port.
const $ = (id) => document.getElementById(id);

async function serverUrl() {
  try {
    const config = await (await fetch('/config.json')).json();
    if (config.serverUrl) return config.serverUrl;
  } catch {
    // A plain static server has no /config.json: fall through to the default.
  }
  return `${location.protocol}//${location.hostname}:8787`;
}

const url = await serverUrl();
$('server-url').textContent = url;
let online = false;
try {
  online = (await fetch(`${url}/health`)).ok;
} catch {
  online = false;
}
$('online').hidden = !online;
$('offline').hidden = online;
if (online) {
  $('console-link').href = `${url}/console`;
  const chat = document.createElement('attune-chat');
  chat.setAttribute('mode', 'inline');
  chat.setAttribute('heading', 'Support (live agent)');
  chat.setAttribute('storage', 'session');
  chat.setAttribute('endpoint', url);
  $('slot').append(chat);
}
