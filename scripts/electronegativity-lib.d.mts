export interface Waiver {
  check: string;
  file: string;
  reason: string;
  line: number;
}

export interface Finding {
  id: string;
  severity: string;
  confidence?: string;
  file: string;
  line: number;
  column: number;
  sample?: string;
  description?: string;
}

export function parseWaivers(markdown: string): Waiver[];

export function judge(
  findings: Finding[],
  waivers: Waiver[],
  options?: { waivable?: (finding: Finding) => boolean },
): { blocking: Finding[]; waived: { finding: Finding; waiver: Waiver }[]; stale: Waiver[]; ok: boolean };

export function toFindings(
  issues: { id: string; severity: { name: string }; confidence: { name: string }; file: string; location: { line: number; column: number }; sample?: string; description?: string }[],
  prefix: string,
): Finding[];
