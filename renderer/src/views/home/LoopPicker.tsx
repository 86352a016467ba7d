/** Home's way into a mock loop: a template, a role and a level. */
import { useState } from 'react';
import { LEVELS, ROLES, ROLE_TITLES, type Level, type Role } from '../../../../shared/areas';
import { TYPING_TIME_FACTOR } from '../../../../shared/limits';
import { transport, useApp, useHome } from '../../store';
import { useApiQuery } from '../../query';
import '../loops/loops.css';


export function LoopPicker() {
  const startLoop = useApp((s) => s.startLoop);
  const templates = useApiQuery(transport.api, 'listLoopTemplates', {});
  const [templateId, setTemplateId] = useState('phone-screen');
  const [role, setRole] = useState<Role>('applied-ml');
  const [level, setLevel] = useState<Level>('mid');
  const [busy, setBusy] = useState(false);
  const list = templates.data ?? [];
  // Answering by typing doubles every box and round, so the picker says how long the loop will really run.
  const typing = useHome().data?.settings.answerByTyping ?? false;
  const factor = typing ? TYPING_TIME_FACTOR : 1;
  const chosen = list.find((t) => t.id === templateId) ?? list[0];
  return (
    <section className="panel loop-panel" aria-labelledby="loop-heading">
      <h2 id="loop-heading">Mock interview loop</h2>
      <p className="muted">Rounds as a real loop runs them: timed, no pausing, follow-ups as the interviewer's next question, graded after each round.</p>
      {templates.isError && <p className="problem">Could not list the loops: {(templates.error as Error).message}</p>}
      {list.length === 0 && !templates.isLoading && !templates.isError && <p>No loop templates are installed.</p>}
      {chosen && (
        <form
          className="loop-picker"
          onSubmit={(e) => {
            e.preventDefault();
            setBusy(true);
            void startLoop({ templateId: chosen.id, role, level }).finally(() => setBusy(false));
          }}
        >
          <label>
            Loop
            <select value={chosen.id} onChange={(e) => setTemplateId(e.target.value)} name="loop-template">
              {list.map((t) => (
                <option key={t.id} value={t.id}>
                  {t.title} ({t.minutes * factor} min)
                </option>
              ))}
            </select>
          </label>
          <label>
            Your role
            <select value={role} onChange={(e) => setRole(e.target.value as Role)} name="loop-role">
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {ROLE_TITLES[r]}
                </option>
              ))}
            </select>
          </label>
          <label>
            Seniority
            <select value={level} onChange={(e) => setLevel(e.target.value as Level)} name="loop-level">
              {LEVELS.map((l) => (
                <option key={l} value={l}>
                  {l[0]!.toUpperCase() + l.slice(1)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className="primary" disabled={busy}>
            Start the loop
          </button>
        </form>
      )}
      {chosen && <p className="muted">{chosen.description}</p>}
    </section>
  );
}
