/**
 * What people read, in Chinese, from one place: first why a file cannot be used, then (at the
 * bottom) why a request is refused. Programs read the stable English code beside each text.
 *
 * Files: what people read when a file cannot be used. Programs read the stable English code
 * beside it (`BadInputError.code`: `encrypted`, `binary-junk` …); the text is for the staff member
 * who uploaded the file. Values shown inside (sizes, limits) stay as they are; a parser's own
 * words in brackets are said in Chinese (LIBRARY_CAUSES) or named by the error's code
 * (`causeForPeople` in errors.ts).
 */

const mib = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1)} MiB`;

export const MESSAGES = {
  empty: () => '文件是空的',
  tooLarge: (bytes: number, limit: number) => `文件有 ${mib(bytes)}，超过 ${mib(limit)} 的上限`,
  textTooLarge: (bytes: number, limit: number) =>
    `文本文件有 ${mib(bytes)}，超过文本和网页 ${mib(limit)} 的上限`,
  unknownFormat: () => '格式不是 txt、md、html、docx 或 pdf 之一',
  binaryJunk: () => '文件是二进制数据，不是可识别编码的文本',
  truncated: () => '文件不完整或已损坏',
  encrypted: () => '文件设有密码',
  zipBomb: () => '文件解压后超过上限（疑似压缩炸弹）',
  tooManyPages: () => '文件页数超过上限',
  malformed: () => '文件无法解析',
  noText: () => '文件中没有文字',
  tooComplex: () => '文件过大或过于复杂',
  nestedTooDeep: (format: string) => `该 ${format} 文件的元素嵌套过深，无法读取`,
  notParsed: (format: string, cause: string) => `该 ${format} 文件无法解析（${cause}）`,
  pdfPages: (pages: number, limit: number) => `PDF 有 ${pages} 页（上限 ${limit} 页）`,
  pdfEncrypted: () => 'PDF 设有密码',
  pdfTruncated: (cause: string) => `PDF 不完整或已损坏（${cause}）`,
  pdfMalformed: (cause: string) => `PDF 格式有误（${cause}）`,
  pdfNotParsed: (cause: string) => `PDF 无法解析（${cause}）`,
  wordEncrypted: () => 'Word 文件设有密码，请去掉密码后再上传',
  legacyWord: () => '这是旧版 Word .doc 文件，请另存为 .docx 后再上传',
  otherOffice: (what: string) => `这是${/^[A-Za-z]/.test(what) ? ' ' : ''}${what}，不是 Word 文件`,
  wordEntity: () => 'Word 文件使用了未定义的实体（不会读取任何 DTD）',
  wordNotRead: (cause: string) => `Word 文件无法读取（${cause}）`,
  zipEntries: (entries: number, limit: number) => `压缩包有 ${entries} 个条目（上限 ${limit}）`,
  zipEncrypted: () => '压缩包设有密码',
  zipTooLarge: (limitMib: number) => `文件解压后超过 ${limitMib} MiB（疑似压缩炸弹）`,
  zipBroken: (truncated: boolean, cause: string) =>
    `Word 文件的压缩包${truncated ? '不完整' : '已损坏'}（${cause}）`,
  tableTooLarge: (rows: number, columns: number, limit: number) =>
    `有一张 ${rows} 行 × ${columns} 列的表格，超过 ${limit.toLocaleString('en')} 个单元格的上限`,
  noTextIn: {
    txt: '文件中没有文字',
    html: '网页中没有文字（只有标记或脚本）',
    docx: 'Word 文件中没有文字',
    pdf: 'PDF 没有文字层（扫描件？）；请先做文字识别（OCR）',
  } as Record<string, string>,
  noSuchFile: () => '没有这个文件',
  noSuchFileOrDirectory: () => '没有这个文件或目录',
  notAFile: () => '不是文件',
  overByteLimit: (bytes: number, limit: number) => `${bytes} 字节，超过 ${limit} 字节的上限`,
  fileNameDots: () => '文件名不能包含 ..',
  fileNameEmpty: () => '文件名为空',
  /** A library's refusal that has no Chinese words here: named by its error's name or code. */
  libraryError: (name: string) => `程序库报错 ${name}`,
  cannotWriteReport: (cause: string) => `无法写入报告（${cause}）`,
  namesNothing: (files: boolean, regions: string[]) =>
    `既不是${files ? '文件、' : ''}通知编号，也不是知识库中有清单的地区（现有地区：${regions.join('、') || '无'}）`,
} as const;

/**
 * Libraries' refusals people meet, in Chinese (the bracketed cause of a file that cannot be read);
 * any other English cause is shown by its error's name (MESSAGES.libraryError).
 */
export const LIBRARY_CAUSES: [RegExp, string][] = [
  [/^Invalid PDF structure/i, '结构无效'],
  [/end of central directory record signature not found/i, '找不到压缩包的目录'],
  [/unexpected end of (?:data|input|file)|unexpected EOF/i, '数据意外结束'],
  [
    /invalid (?:stored block lengths|distance|code lengths|block type)|incorrect header check/i,
    '压缩数据有误',
  ],
  [/^Cannot read properties of (?:undefined|null)/i, '读取器遇到缺失的数据'],
];

/**
 * Why a job failed when it is not the file's fault, as staff read it on the upload and queue
 * pages: our bug or the system's fault, whose own (English) words are for engineers — they stay
 * in the job's `error` over the API (`GET /api/jobs/:id`).
 */
export const FAILURE_TEXTS: Record<'internal' | 'infrastructure', string> = {
  internal: '程序处理此文件时出错（不是文件的问题），请联系管理员；修复后可重试',
  infrastructure: '服务暂时出错（不是文件的问题），系统会自动重试，也可以稍后点“重试”',
};

/** What a failed job says to people: the file's own reason, or FAILURE_TEXTS for the others. */
export function failureText(job: { fileName: string; error?: string; failure?: string }): string {
  if (job.failure === 'internal' || job.failure === 'infrastructure')
    return `${job.fileName}: ${FAILURE_TEXTS[job.failure]}`;
  return job.error ?? '未知原因';
}

/** The roles as a person reads them (a refused request names the one it needed). */
export const ROLE_NAMES: Record<string, string> = {
  read: '只读权限（read 角色）',
  upload: '上传权限（upload 角色）',
  admin: '管理权限（admin 角色）',
};

/** The Chinese title of each HTTP status a problem document or an error page may have. */
const STATUS_TITLES: Record<number, string> = {
  400: '请求有误',
  401: '需要登录',
  403: '没有权限',
  404: '找不到',
  405: '不支持的请求方法',
  406: '无法提供所需格式',
  409: '无法执行',
  413: '内容过大',
  415: '不支持的内容类型',
  422: '无法处理',
  429: '请求过于频繁',
  500: '内部错误',
  503: '服务暂不可用',
};

function statusTitle(status: number): string {
  return STATUS_TITLES[status] ?? (status < 500 ? '请求有误' : '内部错误');
}

/**
 * What the API and the web app say about a request they refuse: the Chinese title of each status
 * and the details of problem documents (`application/problem+json`), which carry a stable English
 * `code` beside them for programs.
 */
export const HTTP_MESSAGES = {
  titles: STATUS_TITLES,
  title: statusTitle,
  /** The title of a web app error page: as the status's, but a missing page is 找不到页面. */
  pageTitle: (status: number) => (status === 404 ? '找不到页面' : statusTitle(status)),
  keyRequired: () => '需要 API 密钥：请放在请求头 x-api-key 或 Authorization（Bearer）中，或先在网页登录',
  keyNotAllowed: (role: string) => `此密钥不能执行这个操作，需要${ROLE_NAMES[role] ?? role}`,
  noRoute: (method: string, path: string) => `没有这个接口：${method} ${path}`,
  noJob: (jobId: string) => `没有这个任务：${jobId}`,
  notRetryable: (jobId: string, state: string) =>
    `任务 ${jobId} 的状态为 ${state}，只有失败（failed）的任务可以重试`,
  noNotice: (id: string) => `没有这个通知：${id}`,
  noOriginal: (id: string) => `没有通知 ${id} 的原件`,
  noSide: () => '找不到比较对象',
  noAsset: (name: string) => `没有这个文件：${name}`,
  badUrl: (path: string) => `网址无效：${path}`,
  rateLimited: (max: number, seconds: number) =>
    `请求过于频繁：每分钟最多 ${max} 次，请在 ${seconds} 秒后重试`,
  indexUnavailable: () => '检索服务暂不可用，请稍后再试',
  internal: () => '服务器内部错误，请稍后再试',
  bodyTooLarge: () => '请求内容超过大小上限',
  unsupportedMediaType: (type: string) => `不支持的内容类型：${type || '（未声明）'}`,
  invalidJson: () => '请求体不是有效的 JSON',
  emptyJson: () => '声明为 JSON 的请求体是空的',
  /** Any other refusal a library words in English: the status's own sentence. */
  refused: (status: number) => `${statusTitle(status)}（HTTP ${status}）`,
  /** A request parameter that breaks its schema, named: `查询参数 limit 过大：不得超过 100`. */
  invalid: {
    where: {
      querystring: '查询参数',
      params: '路径参数',
      body: '请求体字段',
      headers: '请求头',
    } as Record<string, string>,
    missing: (where: string, name: string) => `缺少${where} ${name}`,
    type: (where: string, name: string, expected: string) => `${where} ${name} 应为${expected}`,
    types: {
      number: '数字',
      int: '整数',
      string: '文本',
      boolean: '布尔值（true 或 false）',
      array: '列表',
      object: '对象',
    } as Record<string, string>,
    tooBig: (where: string, name: string, origin: string, limit: string, inclusive: boolean) =>
      origin === 'string'
        ? `${where} ${name} 过长：不得超过 ${limit} 个字符`
        : origin === 'array'
          ? `${where} ${name} 过多：不得超过 ${limit} 项`
          : `${where} ${name} 过大：${inclusive ? '不得超过' : '须小于'} ${limit}`,
    tooSmall: (where: string, name: string, origin: string, limit: string, inclusive: boolean) =>
      origin === 'string'
        ? limit === '1'
          ? `${where} ${name} 不能为空`
          : `${where} ${name} 过短：至少 ${limit} 个字符`
        : origin === 'array'
          ? `${where} ${name} 过少：至少 ${limit} 项`
          : `${where} ${name} 过小：${inclusive ? '不得小于' : '须大于'} ${limit}`,
    oneOf: (where: string, name: string, values: string[]) =>
      `${where} ${name} 取值无效：应为 ${values.join('、')} 之一`,
    format: (where: string, name: string, format: string) =>
      `${where} ${name} 格式有误${format ? `（应为 ${format} 格式）` : ''}`,
    multipleOf: (where: string, name: string, divisor: string) => `${where} ${name} 应为 ${divisor} 的倍数`,
    unknownKeys: (where: string, keys: string[]) => `${where}中有无法识别的字段：${keys.join('、')}`,
    other: (where: string, name: string) => `${where} ${name} 取值无效`,
  },
} as const;
