/** “5 分钟”, “2 小时”, “1 小时 30 分钟”: a span of whole minutes as people say it (the PIN lock-out's pause). */
export function minutesText(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h ? `${h} 小时${m ? ` ${m} 分钟` : ''}` : `${m} 分钟`;
}
