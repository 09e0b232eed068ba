/** Words the CLI's text output shares. */

/** Job states as staff read them. */
export const JOB_STATES: Record<string, string> = {
  waiting: '排队中',
  active: '处理中',
  delayed: '等待重试',
  completed: '已完成',
  failed: '失败',
};
