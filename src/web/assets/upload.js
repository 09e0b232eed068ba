// Upload page: each dropped or chosen file is POSTed to /api/notices (the session cookie carries
// the key), then its job is polled at GET /api/jobs/:jobId until it completes or fails. All text
// from files and the server goes through textContent, never innerHTML.
(() => {
  const zone = document.getElementById('dropzone');
  const input = document.getElementById('files');
  const list = document.getElementById('uploads');
  const empty = document.getElementById('uploads-empty');
  const live = document.getElementById('upload-status');
  if (!zone || !input || !list) return;
  const STAGES = JSON.parse(zone.dataset.stages || '{}');
  // why a job failed when it is not the file's fault (our bug, the system's fault), in words for people
  const FAILURES = JSON.parse(zone.dataset.failures || '{}');
  const TOTAL = Number(zone.dataset.total || 6);
  const POLL_MS = 400;
  let counter = 0;

  const el = (tag, props = {}, children = []) => {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props)) {
      if (key === 'text') node.textContent = value;
      else if (key === 'class') node.className = value;
      else node.setAttribute(key, value);
    }
    for (const child of children) node.append(child);
    return node;
  };
  const announce = (text) => {
    if (live) live.textContent = text;
  };

  function addFile(file) {
    counter += 1;
    const id = `upload-${counter}`;
    const badge = el('span', { class: 'badge badge-waiting', text: '等待上传' });
    const stage = el('span', { class: 'upload-stage', id: `${id}-stage`, text: '' });
    const bar = el('progress', { id: `${id}-bar`, max: String(TOTAL), value: '0' });
    const barLabel = el('label', {
      for: `${id}-bar`,
      class: 'visually-hidden',
      text: `${file.name} 的处理进度`,
    });
    const detail = el('div', { class: 'upload-detail' });
    const item = el('li', { class: 'upload', 'data-state': 'uploading', 'data-file': file.name }, [
      el('div', { class: 'upload-head' }, [el('strong', { class: 'upload-name', text: file.name }), badge]),
      el('div', { class: 'upload-progress' }, [barLabel, bar, stage]),
      detail,
    ]);
    list.append(item);
    if (empty) empty.hidden = true;
    const entry = { file, item, badge, stage, bar, detail, jobId: null, duplicate: false };
    send(entry);
  }

  /** This browser's CSRF token (the page's meta tag), sent with every request that changes something. */
  function csrfHeaders() {
    const token = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') ?? '';
    return { 'x-csrf-token': token };
  }

  function setBadge(entry, state, text) {
    entry.item.dataset.state = state;
    entry.badge.className = `badge badge-${state}`;
    entry.badge.textContent = text;
  }

  async function send(entry) {
    entry.detail.replaceChildren();
    setBadge(entry, 'uploading', '上传中');
    entry.stage.textContent = '正在上传文件…';
    const body = new FormData();
    body.append('file', entry.file, entry.file.name);
    let response;
    try {
      response = await fetch('/api/notices', {
        method: 'POST',
        body,
        credentials: 'same-origin',
        headers: csrfHeaders(),
      });
    } catch {
      return failed(entry, '网络错误，文件未能上传。', () => send(entry));
    }
    const answer = await response.json().catch(() => ({}));
    if (response.status === 401) return failed(entry, '登录已失效，请重新登录后再上传。', null);
    if (response.status !== 202)
      return failed(entry, answer.detail || `上传失败（${response.status}）`, () => send(entry));
    entry.jobId = answer.jobId;
    entry.duplicate = answer.duplicate === true;
    entry.item.dataset.jobId = answer.jobId;
    if (entry.duplicate) setBadge(entry, 'duplicate', '重复');
    poll(entry);
  }

  async function poll(entry) {
    let job;
    try {
      const response = await fetch(`/api/jobs/${encodeURIComponent(entry.jobId)}`, {
        credentials: 'same-origin',
      });
      job = response.ok ? await response.json() : null;
    } catch {
      job = null;
    }
    if (!job) {
      entry.stage.textContent = '暂时无法获取进度，稍后重试…';
      setTimeout(() => poll(entry), POLL_MS * 3);
      return;
    }
    const done = job.progress?.done?.length ?? 0;
    entry.bar.max = job.progress?.total || TOTAL;
    entry.bar.value = job.state === 'completed' ? entry.bar.max : done;
    if (job.state === 'completed') return completed(entry, job);
    if (job.state === 'failed') return failed(entry, reasonFor(entry, job), () => retry(entry));
    if (!entry.duplicate)
      setBadge(
        entry,
        job.state === 'active' ? 'active' : 'waiting',
        job.state === 'active' ? '处理中' : '排队中',
      );
    const name = job.progress?.stage;
    entry.stage.textContent = name
      ? `阶段 ${done + 1}/${entry.bar.max}：${STAGES[name] || name}`
      : '排队等待处理…';
    setTimeout(() => poll(entry), POLL_MS);
  }

  function completed(entry, job) {
    const duplicate = entry.duplicate || job.duplicate === true;
    const summary = job.summary;
    // What was found is said plainly: a notice that needs review never passes as simply done.
    if (duplicate) setBadge(entry, 'duplicate', '重复');
    else if (summary?.needsReview) setBadge(entry, 'review', '需复核');
    else setBadge(entry, 'completed', '已完成');
    // `N 项 · M 条`, and `· 需复核` when a person should check it (the server's own wording).
    const found = summary?.text ?? '';
    entry.stage.textContent = duplicate
      ? '此文件已上传过，未产生新版本。'
      : summary?.needsReview
        ? `${found}。请打开结果查看需要人工复核的提示。`
        : `${found ? `${found}。` : ''}全部 ${entry.bar.max} 个阶段已完成。`;
    const target = job.noticeId
      ? `/app/notices/${encodeURIComponent(job.noticeId)}${job.version ? `?version=${job.version}` : ''}`
      : null;
    if (target)
      entry.detail.replaceChildren(
        el('a', { href: target, class: 'upload-link', text: duplicate ? '查看已有通知' : '查看结果' }),
      );
    announce(
      `${entry.file.name}：${duplicate ? '重复，已上传过' : summary?.needsReview ? found : '处理完成'}`,
    );
  }

  /**
   * Why the job failed, for this file: the same bytes sent earlier under another name made the
   * job, so its reason names that file; say this file's name and which upload it matched.
   */
  function reasonFor(entry, job) {
    const reason = FAILURES[job.failure]
      ? `${job.fileName || entry.file.name}: ${FAILURES[job.failure]}`
      : job.error || '处理失败';
    if (!job.fileName || job.fileName === entry.file.name) return reason;
    const prefix = `${job.fileName}: `;
    const own = reason.startsWith(prefix) ? `${entry.file.name}: ${reason.slice(prefix.length)}` : reason;
    return `${own}（与此前上传的“${job.fileName}”内容相同）`;
  }

  function failed(entry, reason, again) {
    setBadge(entry, 'failed', '失败');
    entry.stage.textContent = '处理未完成。';
    const children = [el('p', { class: 'error upload-error', text: `原因：${reason}` })];
    if (again) {
      const button = el('button', { type: 'button', class: 'secondary', text: '重试' });
      button.setAttribute('aria-label', `重试 ${entry.file.name}`);
      button.addEventListener('click', () => {
        button.disabled = true;
        again();
      });
      children.push(button);
    }
    entry.detail.replaceChildren(...children);
    announce(`${entry.file.name}：失败，${reason}`);
  }

  async function retry(entry) {
    setBadge(entry, 'waiting', '重试中');
    entry.detail.replaceChildren();
    const response = await fetch(`/api/jobs/${encodeURIComponent(entry.jobId)}/retry`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: csrfHeaders(),
    }).catch(() => null);
    if (!response || (response.status !== 202 && response.status !== 409)) {
      const answer = response ? await response.json().catch(() => ({})) : {};
      return failed(entry, answer.detail || '重试请求失败', () => retry(entry));
    }
    entry.duplicate = false;
    poll(entry);
  }

  const addAll = (files) => {
    for (const file of files) addFile(file);
  };
  input.addEventListener('change', () => {
    addAll(Array.from(input.files || []));
    input.value = '';
  });
  for (const type of ['dragenter', 'dragover'])
    zone.addEventListener(type, (event) => {
      event.preventDefault();
      zone.classList.add('dragging');
    });
  for (const type of ['dragleave', 'drop'])
    zone.addEventListener(type, () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (event) => {
    event.preventDefault();
    addAll(Array.from(event.dataTransfer?.files || []));
  });
  zone.addEventListener('submit', (event) => event.preventDefault());
})();
