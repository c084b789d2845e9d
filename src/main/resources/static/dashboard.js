// The p2law dashboard: plain DOM over the JSON API (/api/v1), no framework and no build.
// Every field the page shows is read defensively: the API grows (adequacy, diagnostics, interval
// kinds), and a missing or renamed field must leave a gap, not a broken page.
'use strict';

(function () {
  const API = 'api/v1';
  const app = document.getElementById('app');

  // ---------- building DOM without innerHTML (all shown text comes from the API) ----------

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : value);
    }
    return append(node, ...children);
  }

  function append(node, ...children) {
    for (const child of children.flat(Infinity)) {
      if (child === undefined || child === null || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function replace(node, ...children) {
    node.replaceChildren();
    return append(node, ...children);
  }

  // ---------- talking to the API ----------

  class ProblemError extends Error {
    constructor(status, problem) {
      super((problem && (problem.detail || problem.title)) || ('HTTP ' + status));
      this.status = status;
      this.problem = problem || {};
    }
  }

  async function api(path, options) {
    const init = Object.assign({ headers: {} }, options || {});
    init.headers = Object.assign({ Accept: 'application/json, application/problem+json' }, init.headers);
    if (init.json !== undefined) {
      init.method = init.method || 'POST';
      init.headers['Content-Type'] = 'application/json';
      init.body = JSON.stringify(init.json);
      delete init.json;
    }
    const response = await fetch(API + path, init);
    const text = await response.text();
    let body = null;
    try {
      body = text ? JSON.parse(text) : null;
    } catch (notJson) {
      body = { detail: text.slice(0, 300) };
    }
    if (!response.ok) throw new ProblemError(response.status, body);
    return body;
  }

  function problemView(error) {
    const problem = (error && error.problem) || {};
    const errors = Array.isArray(problem.errors) ? problem.errors : [];
    return el('div', { class: 'problem', role: 'alert' },
      el('strong', {}, problem.title || (error && error.status ? 'HTTP ' + error.status : 'Error')),
      ' ', problem.detail || (error && error.message) || '',
      errors.length ? el('ul', {}, errors.map(e => el('li', {},
        e.field ? el('code', {}, e.field) : null, e.field ? ': ' : '', e.reason || e.message || JSON.stringify(e),
        e.line ? ' (line ' + e.line + (e.column ? ', column ' + e.column : '') + ')' : '')))
        : null);
  }

  // ---------- numbers as people read them ----------

  function isNumber(x) {
    return typeof x === 'number' && Number.isFinite(x);
  }

  /** 1240000000 → "1.24 B": parameter and token counts. */
  function count(x) {
    if (!isNumber(x)) return '–';
    const units = [[1e12, 'T'], [1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
    for (const [size, unit] of units) {
      if (Math.abs(x) >= size) return trim(x / size, 3) + '\u202f' + unit;
    }
    return String(Math.round(x));
  }

  function trim(x, digits) {
    return String(Number(x.toPrecision(digits)));
  }

  function num(x, digits) {
    return isNumber(x) ? trim(x, digits || 4) : '–';
  }

  function percent(x) {
    return isNumber(x) ? trim(x * 100, 3) + '\u202f%' : '–';
  }

  function when(iso) {
    if (!iso) return '–';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return String(iso);
    return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  }

  function whole(value) {
    return el('span', { title: isNumber(value) ? value.toLocaleString('en-US') : null }, count(value));
  }

  /** An interval from whichever names the API uses for it. */
  function interval(item) {
    if (!item) return null;
    const pairs = [['lower', 'upper'], ['curveLower', 'curveUpper'], ['predictionLower', 'predictionUpper']];
    for (const [lo, hi] of pairs) {
      if (isNumber(item[lo]) && isNumber(item[hi])) return [item[lo], item[hi]];
    }
    if (item.interval && isNumber(item.interval.lower) && isNumber(item.interval.upper)) {
      return [item.interval.lower, item.interval.upper];
    }
    return null;
  }

  function intervalText(item, digits) {
    const bounds = interval(item);
    return bounds ? '[' + num(bounds[0], digits) + ', ' + num(bounds[1], digits) + ']' : '–';
  }

  /** The adequacy of a law, whatever shape the API gives it: a word, or an object with a verdict. */
  function adequacy(value) {
    if (value === undefined || value === null) return null;
    if (typeof value === 'string') return { word: value, why: null };
    if (typeof value === 'object') {
      const word = value.verdict || value.level || value.rating || value.status || value.label || value.summary;
      const reasons = value.reasons || value.reason || value.explanation;
      const why = Array.isArray(reasons) ? reasons.join('; ') : (typeof reasons === 'string' ? reasons : null);
      return word ? { word: String(word), why } : null;
    }
    return { word: String(value), why: null };
  }

  function adequacyBadge(value) {
    const a = adequacy(value);
    if (!a) return null;
    const tone = /^(good|adequate|pass|ok|reliable|high)/i.test(a.word) ? 'good'
      : /^(poor|inadequate|fail|bad|unreliable|low)/i.test(a.word) ? 'bad' : 'warn';
    return el('span', { class: 'badge ' + tone, title: a.why, 'data-field': 'adequacy' }, a.word);
  }

  function warningsList(warnings) {
    const list = Array.isArray(warnings) ? warnings.filter(w => w) : [];
    if (!list.length) return null;
    return el('ul', { class: 'warnings' }, list.map(w => el('li', {},
      typeof w === 'string' ? w : (w.message || w.reason || JSON.stringify(w)))));
  }

  // ---------- routing: #/ and #/families/{slug}?form=... ----------

  function route() {
    const hash = location.hash.replace(/^#/, '') || '/';
    const [path, query] = hash.split('?');
    const params = new URLSearchParams(query || '');
    const match = path.match(/^\/families\/([^/]+)\/?$/);
    if (match) {
      familyPage(decodeURIComponent(match[1]), params.get('form') || 'p2');
    } else {
      familiesPage();
    }
  }

  function familyHref(slug, form) {
    return '#/families/' + encodeURIComponent(slug) + (form && form !== 'p2' ? '?form=' + encodeURIComponent(form) : '');
  }

  // ---------- the families ----------

  async function familiesPage() {
    document.title = 'Families · p2law';
    const body = el('tbody');
    const section = el('section', { class: 'card' },
      el('h1', {}, 'Families'),
      el('p', { class: 'muted' }, 'Each family is one base-model series × one pruning method, sharing one law.'),
      el('div', { class: 'scroll' }, el('table', { class: 'data', id: 'families' },
        el('thead', {}, el('tr', {},
          el('th', {}, 'Family'), el('th', {}, 'Pruning'), el('th', { class: 'n' }, 'Runs'),
          el('th', { class: 'n' }, 'Checkpoints'), el('th', { class: 'n' }, 'Data version'),
          el('th', {}, 'Current p2 law'))),
        body)));
    replace(app, section);
    let list;
    try {
      list = await api('/families');
    } catch (error) {
      replace(section, el('h1', {}, 'Families'), problemView(error));
      return;
    }
    const families = (list && Array.isArray(list.families)) ? list.families : [];
    if (!families.length) {
      append(section, el('p', { class: 'empty' }, 'No families yet. Upload runs as the README shows (',
        el('code', {}, 'POST /api/v1/families/{family}/runs'), '), then come back.'));
      return;
    }
    for (const family of families) {
      const lawCell = el('td', { class: 'law' }, el('span', { class: 'muted' }, '…'));
      append(body, el('tr', { 'data-family': family.slug },
        el('td', {}, el('a', { href: familyHref(family.slug) }, family.displayName || family.slug),
          family.displayName && family.displayName !== family.slug ? el('div', { class: 'muted small' }, family.slug) : null),
        el('td', {}, family.pruningMethod || '–'),
        el('td', { class: 'n' }, num(family.runCount, 12)),
        el('td', { class: 'n' }, isNumber(family.checkpointCount) ? family.checkpointCount.toLocaleString('en-US') : '–'),
        el('td', { class: 'n' }, num(family.dataVersion, 12)),
        lawCell));
      latestFit(family, lawCell);
    }
  }

  /** The latest stored p2 fit, without asking for a new one (a list of fits never fits). */
  async function latestFit(family, cell) {
    try {
      const history = await api('/families/' + encodeURIComponent(family.slug) + '/fits?form=p2&limit=1');
      const fit = history && Array.isArray(history.fits) ? history.fits[0] : null;
      if (!fit) {
        replace(cell, el('span', { class: 'muted' }, 'not fitted yet'));
        return;
      }
      const stale = fit.stale || (isNumber(fit.dataVersion) && isNumber(family.dataVersion) && fit.dataVersion < family.dataVersion);
      replace(cell, adequacyBadge(fit.adequacy), ' ',
        'fitted ', el('time', { datetime: fit.fittedAt }, when(fit.fittedAt)),
        ' on v' + fit.dataVersion,
        isNumber(fit.r2) ? el('span', { class: 'muted' }, ' · R² ' + num(fit.r2, 4)) : null,
        stale ? el('span', { class: 'badge warn' }, 'stale') : null);
    } catch (error) {
      replace(cell, el('span', { class: 'muted' }, error.message));
    }
  }

  // ---------- one family ----------

  async function familyPage(slug, form) {
    document.title = slug + ' · p2law';
    const base = '/families/' + encodeURIComponent(slug);
    const head = el('section', { class: 'card head' }, el('h1', {}, slug));
    const lawCard = el('section', { class: 'card', id: 'law' }, el('h2', {}, 'Law'), el('p', { class: 'muted' }, 'Loading…'));
    const plotCard = el('section', { class: 'card', id: 'plot' }, el('h2', {}, 'Observed and fitted curves'));
    const askCard = el('section', { class: 'card', id: 'ask' }, el('h2', {}, 'Ask the law'));
    const runsCard = el('section', { class: 'card', id: 'runs' }, el('h2', {}, 'Runs'));
    replace(app, el('p', { class: 'crumbs' }, el('a', { href: '#/' }, '← all families')), head,
      el('div', { class: 'grid' }, el('div', { class: 'column' }, lawCard, askCard), el('div', { class: 'column' }, plotCard)),
      runsCard);

    let family;
    try {
      family = await api(base);
    } catch (error) {
      replace(head, el('h1', {}, slug), problemView(error));
      lawCard.remove(); plotCard.remove(); askCard.remove(); runsCard.remove();
      return;
    }
    replace(head,
      el('h1', {}, family.displayName || family.slug),
      family.description ? el('p', {}, family.description) : null,
      el('p', { class: 'facts' },
        fact('slug', family.slug), fact('pruning', family.pruningMethod || '–'), fact('runs', num(family.runCount, 12)),
        fact('checkpoints', isNumber(family.checkpointCount) ? family.checkpointCount.toLocaleString('en-US') : '–'),
        fact('data version', num(family.dataVersion, 12)), fact('updated', when(family.updatedAt))));

    const runs = await loadRuns(base, runsCard);
    askForm(base, form, askCard, runs);
    const law = await loadLaw(base, form, lawCard, slug);
    plot(base, form, plotCard, family, law);
  }

  function fact(name, value) {
    return el('span', { class: 'fact' }, el('span', { class: 'muted' }, name + ' '), el('b', {}, value));
  }

  async function loadRuns(base, card) {
    const runs = [];
    try {
      for (let page = 0, pages = 1; page < pages && page < 20; page++) {
        const answer = await api(base + '/runs?size=1000&page=' + page);
        pages = isNumber(answer.totalPages) ? answer.totalPages : 1;
        runs.push(...(Array.isArray(answer.runs) ? answer.runs : []));
      }
    } catch (error) {
      append(card, problemView(error));
      return runs;
    }
    if (!runs.length) {
      append(card, el('p', { class: 'empty' }, 'No runs yet.'));
      return runs;
    }
    append(card, el('div', { class: 'scroll' }, el('table', { class: 'data', id: 'run-table' },
      el('thead', {}, el('tr', {},
        el('th', {}, 'Run'), el('th', {}, 'Base model'), el('th', { class: 'n' }, 'Params before'),
        el('th', { class: 'n' }, 'Params after'), el('th', { class: 'n' }, 'Pruning rate'),
        el('th', { class: 'n' }, 'Loss before'), el('th', { class: 'n' }, 'Checkpoints'))),
      el('tbody', {}, runs.map(run => el('tr', {},
        el('td', {}, el('code', {}, run.runId)), el('td', {}, run.baseModel || '–'),
        el('td', { class: 'n' }, whole(run.paramsBefore)), el('td', { class: 'n' }, whole(run.paramsAfter)),
        el('td', { class: 'n' }, percent(run.pruningRate)), el('td', { class: 'n' }, num(run.lossBefore, 4)),
        el('td', { class: 'n' }, num(run.checkpointCount, 12))))))));
    return runs;
  }

  async function loadLaw(base, form, card, slug) {
    const status = el('p', { class: 'muted' }, 'Fitting the ' + form + ' law (first request after an upload)…');
    const chooser = el('select', { id: 'form-choice', 'aria-label': 'law form',
      onchange: e => { location.hash = familyHref(slug, e.target.value); } }, el('option', { value: form }, form));
    // The formula arrives with the catalog, possibly after the law: it has its own place.
    const formula = el('p', { class: 'formula', id: 'formula', hidden: true });
    replace(card, el('div', { class: 'card-title' }, el('h2', {}, 'Law'), el('label', {}, 'form ', chooser)), formula, status);
    api('/laws').then(catalog => {
      const forms = catalog && Array.isArray(catalog.forms) ? catalog.forms : [];
      replace(chooser, forms.map(f => el('option', { value: f.name, selected: f.name === form }, f.name)));
      const chosen = forms.find(f => f.name === form);
      if (chosen && chosen.formula) {
        formula.textContent = chosen.formula;
        formula.hidden = false;
      }
    }).catch(() => { /* the chooser keeps the current form */ });

    let law;
    try {
      law = await api(base + '/law?form=' + encodeURIComponent(form));
    } catch (error) {
      replace(status, problemView(error));
      return null;
    }
    const parameters = law.parameters && typeof law.parameters === 'object' ? Object.entries(law.parameters) : [];
    status.replaceWith(
      el('p', { class: 'facts' },
        adequacyBadge(law.adequacy),
        fact('fitted', when(law.fittedAt)), fact('on data version', num(law.dataVersion, 12)),
        law.stale ? el('span', { class: 'badge warn' }, 'stale: data is now v' + law.currentDataVersion) : null),
      el('table', { class: 'data constants', id: 'constants' },
        el('thead', {}, el('tr', {}, el('th', {}, 'Constant'), el('th', { class: 'n' }, 'Value'),
          el('th', { class: 'n' }, 'Std. error'), el('th', { class: 'n' }, '95 % interval'))),
        el('tbody', {}, parameters.map(([name, p]) => el('tr', {},
          el('td', {}, el('code', {}, name)),
          el('td', { class: 'n' }, num(p && p.value, 4)),
          el('td', { class: 'n' }, num(p && p.stdError, 3)),
          el('td', { class: 'n' }, intervalText(p, 4)))))),
      el('h3', {}, 'Diagnostics'),
      diagnostics(law),
      warningsList(law.warnings) || el('p', { class: 'muted' }, 'No warnings.'),
      heldOut(base, form));
    return law;
  }

  function diagnostics(law) {
    const rows = [
      ['R²', num(law.r2, 4)], ['RMSE', num(law.rmse, 4)], ['ASD', num(law.asd, 4)],
      ['points', num(law.points, 12)], ['runs', num(law.runs, 12)],
      ['converged', law.converged === undefined ? '–' : (law.converged ? 'yes' : 'no')],
      ['best of starts', isNumber(law.starts) ? (law.startsAtBest + ' of ' + law.starts + ' starts agree') : '–'],
      ['fit took', isNumber(law.durationMillis) ? law.durationMillis + ' ms' : '–']];
    // Whatever else the API reports as diagnostics: plain values shown as they come.
    if (law.diagnostics && typeof law.diagnostics === 'object') {
      for (const [key, value] of Object.entries(law.diagnostics)) {
        if (value === null || typeof value !== 'object') rows.push([key, isNumber(value) ? num(value, 4) : String(value)]);
      }
    }
    return el('dl', { class: 'diagnostics', id: 'diagnostics' }, rows.map(([k, v]) => [el('dt', {}, k), el('dd', {}, v)]));
  }

  function heldOut(base, form) {
    const out = el('div', { id: 'held-out' });
    const button = el('button', { type: 'button', class: 'secondary', onclick: async () => {
      button.disabled = true;
      replace(out, el('p', { class: 'muted' }, 'Refitting without the held-out data…'));
      try {
        const answer = await api(base + '/validations?form=' + encodeURIComponent(form), { json: {} });
        const splits = answer && Array.isArray(answer.splits) ? answer.splits : [];
        replace(out, el('table', { class: 'data' },
          el('thead', {}, el('tr', {}, el('th', {}, 'Held out'), el('th', { class: 'n' }, 'R²'),
            el('th', { class: 'n' }, 'RMSE'), el('th', { class: 'n' }, 'ASD'))),
          el('tbody', {}, splits.map(s => el('tr', { title: s.skippedReason || (s.warnings || []).join('; ') || null },
            el('td', {}, s.description || s.split),
            s.skippedReason ? el('td', { colspan: 3, class: 'muted' }, 'skipped: ' + s.skippedReason) : [
              el('td', { class: 'n' }, num(s.r2, 4)), el('td', { class: 'n' }, num(s.rmse, 4)),
              el('td', { class: 'n' }, num(s.asd, 4))])))));
      } catch (error) {
        replace(out, problemView(error));
      } finally {
        button.disabled = false;
      }
    } }, 'Run the held-out checks');
    return el('div', { class: 'actions' }, button, out);
  }

  function plot(base, form, card, family, law) {
    if (!law) {
      append(card, el('p', { class: 'muted' }, 'No plot without a law.'));
      return;
    }
    const src = API + base + '/law/plot.svg?form=' + encodeURIComponent(form) + '&v=' + encodeURIComponent(family.dataVersion);
    const image = el('img', { src, alt: 'Loss against tokens for every run of ' + family.slug + ', with the fitted ' + form + ' curves',
      id: 'plot-image', onerror: () => image.replaceWith(el('p', { class: 'muted' }, 'The plot could not be drawn.')) });
    append(card, el('a', { href: src, target: '_blank', rel: 'noopener' }, image));
  }

  // ---------- the question form ----------

  function askForm(base, form, card, runs) {
    // Prefilled from the family's largest run at its longest training, so the first click answers something.
    const largest = runs.slice().sort((a, b) => (b.paramsBefore || 0) - (a.paramsBefore || 0))[0] || {};
    const field = (name, label, value, hint) => el('label', { class: 'field' },
      el('span', {}, label), el('input', { name, id: 'ask-' + name, value: value === undefined || value === null ? '' : value,
        inputmode: 'decimal', autocomplete: 'off' }), hint ? el('small', { class: 'muted' }, hint) : null);
    const answer = el('div', { class: 'answer', id: 'answer' });
    const predict = el('input', { type: 'radio', name: 'mode', value: 'predict', checked: true });
    const check = el('input', { type: 'radio', name: 'mode', value: 'check' });
    const target = field('targetLoss', 'Target loss', '', 'nats per token');
    const tokensHint = el('small', { class: 'muted' }, 'one or more, e.g. 1e8, 1e9');
    const tokens = el('label', { class: 'field' }, el('span', {}, 'Tokens'),
      el('input', { name: 'tokens', id: 'ask-tokens', value: '1e9', autocomplete: 'off' }), tokensHint);
    const modeChanged = () => {
      target.hidden = !check.checked;
      tokensHint.textContent = check.checked ? 'the planned budget, e.g. 1e9' : 'one or more, e.g. 1e8, 1e9';
    };
    predict.addEventListener('change', modeChanged);
    check.addEventListener('change', modeChanged);
    const formNode = el('form', { id: 'ask-form', novalidate: true },
      el('div', { class: 'modes' }, el('label', {}, predict, ' Predict the loss'), el('label', {}, check, ' Check a budget')),
      el('div', { class: 'fields' },
        field('paramsBefore', 'Params before', largest.paramsBefore, 'e.g. 3.21e9'),
        field('pruningRate', 'Pruning rate', largest.pruningRate, '0 to 1'),
        field('lossBefore', 'Loss before', largest.lossBefore, 'nats per token'),
        tokens, target),
      el('button', { type: 'submit' }, 'Ask'));
    modeChanged();
    formNode.addEventListener('submit', async event => {
      event.preventDefault();
      const value = name => formNode.elements[name].value.trim();
      const number = name => (value(name) === '' ? undefined : Number(value(name)));
      const model = { paramsBefore: number('paramsBefore'), pruningRate: number('pruningRate'), lossBefore: number('lossBefore') };
      const query = '?form=' + encodeURIComponent(form);
      replace(answer, el('p', { class: 'muted' }, 'Asking…'));
      try {
        if (check.checked) {
          const result = await api(base + '/budget-checks' + query,
            { json: Object.assign(model, { plannedTokens: number('tokens'), targetLoss: number('targetLoss') }) });
          replace(answer, checkView(result));
        } else {
          const list = value('tokens').split(/[\s,;]+/).filter(t => t).map(Number);
          const result = await api(base + '/predictions' + query, { json: Object.assign(model, { tokens: list }) });
          replace(answer, predictionView(result));
        }
      } catch (error) {
        replace(answer, problemView(error));
      }
    });
    append(card, formNode, answer);
  }

  function predictionView(result) {
    const predictions = result && Array.isArray(result.predictions) ? result.predictions : [];
    return el('div', {},
      el('table', { class: 'data', id: 'prediction' },
        el('thead', {}, el('tr', {}, el('th', { class: 'n' }, 'Tokens'), el('th', { class: 'n' }, 'Predicted loss'),
          el('th', { class: 'n' }, 'Interval'))),
        el('tbody', {}, predictions.map(p => el('tr', {},
          el('td', { class: 'n' }, whole(p.tokens)), el('td', { class: 'n' }, el('b', {}, num(p.loss, 5))),
          el('td', { class: 'n' }, intervalText(p, 5)))))),
      isNumber(result && result.asymptote) ? el('p', { class: 'muted' }, 'Asymptote (infinite tokens): ' + num(result.asymptote, 5)) : null,
      warningsList(result && result.warnings));
  }

  function checkView(result) {
    const pass = result.verdict === 'pass';
    const dr = result.diminishingReturns || {};
    return el('div', {},
      el('p', { class: 'verdict' }, el('span', { class: 'badge big ' + (pass ? 'good' : 'bad'), id: 'verdict' }, String(result.verdict || '?')),
        ' predicted loss ', el('b', {}, num(result.loss, 5)), ' ', intervalText(result, 5),
        ' after ', whole(result.plannedTokens), ' tokens; target ', num(result.targetLoss, 5),
        ', margin ', num(result.margin, 4)),
      el('dl', { class: 'diagnostics' },
        el('dt', {}, 'tokens the target needs'),
        el('dd', {}, result.targetReachable === false ? 'unreachable (below the asymptote ' + num(result.asymptote, 5) + ')' : whole(result.tokensForTarget)),
        el('dt', {}, 'past diminishing returns'),
        el('dd', {}, dr.pastDiminishingReturns === undefined ? '–' : (dr.pastDiminishingReturns ? 'yes' : 'no')
          + (isNumber(dr.tokens) ? ' (doubling gains < ' + num(dr.epsilon, 3) + ' from ' + count(dr.tokens) + ' tokens)' : ''))),
      warningsList(result.warnings));
  }

  window.addEventListener('hashchange', route);
  route();
})();
