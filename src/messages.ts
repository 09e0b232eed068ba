/**
 * What people read when a file cannot be used, in Chinese, from one place. Programs read the
 * stable English code beside it (`BadInputError.code`: `encrypted`, `binary-junk` …); the text
 * is for the staff member who uploaded the file. Values shown inside (sizes, limits, a parser's
 * own words in brackets) stay as they are.
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
  cannotWriteReport: (cause: string) => `无法写入报告（${cause}）`,
  namesNothing: (files: boolean, regions: string[]) =>
    `既不是${files ? '文件、' : ''}通知编号，也不是知识库中有清单的地区（现有地区：${regions.join('、') || '无'}）`,
} as const;
