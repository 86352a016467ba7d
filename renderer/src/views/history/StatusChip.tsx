/** A question's status and an attempt's grade as chips: the word is always there, the colour only repeats it. */
import type { Grade, QuestionStatus } from '../../../../shared/api';
import { GRADE_HINTS, GRADE_LABELS, STATUS_HINTS, STATUS_LABELS } from './format';
import './history.css';

export function StatusChip({ status }: { status: QuestionStatus }) {
  return (
    <span className="status-chip" data-status={status} title={`${STATUS_LABELS[status]}: ${STATUS_HINTS[status]}`}>
      {STATUS_LABELS[status]}
    </span>
  );
}

export function GradeChip({ grade, testId }: { grade: Grade; testId?: string }) {
  return (
    <span className="grade-chip" data-grade={grade} title={`${GRADE_LABELS[grade]}: ${GRADE_HINTS[grade]}`} data-testid={testId}>
      {GRADE_LABELS[grade]}
    </span>
  );
}
