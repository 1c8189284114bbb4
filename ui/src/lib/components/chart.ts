/** One bar of a stacked bar chart: its parts bottom-up, and a mark above. */
export type Bar = { label: string; parts: number[]; marked: boolean; title: string };
