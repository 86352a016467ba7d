import type { HomeView, InterviewOutlook } from '../../../../shared/api';
import { AREAS } from '../../../../shared/areas';
import { areaName } from '../packs/format';
import { formatDay, interviewHeadline, listWords, plural, riskText } from './home-model';

/** The interview date, how far off it is, and which of its areas are at risk and why. */
export function InterviewPanel({ home, interview, onSettings }: { home: HomeView; interview: InterviewOutlook; onSettings: () => void }) {
  const past = interview.daysLeft < 0;
  const everyArea = interview.areas.length === AREAS.length;
  return (
    <section className="home-panel interview" aria-labelledby="interview-heading" data-days-left={interview.daysLeft}>
      <div className="panel-head">
        <h2 id="interview-heading">{interviewHeadline(interview)}</h2>
        {!past && <span className="muted panel-sub">{formatDay(interview.date)}</span>}
      </div>
      {past ? (
        <p>Set the date of your next interview in Settings, or clear it to plan by the daily limits alone.</p>
      ) : (
        <>
          <p className="muted interview-scope">
            {everyArea ? 'Covers every area' : `Covers ${listWords(interview.areas.map(areaName))}`}
            {interview.unseen > 0 ? `; ${plural(interview.unseen, 'question')} not yet practised.` : '; every question practised at least once.'}
          </p>
          {interview.atRisk.length > 0 ? (
            <>
              <h3 className="interview-risk-title">At risk</h3>
              <ul className="interview-risks">
                {interview.atRisk.map((r) => (
                  <li key={r.area} data-area-risk={r.area} data-reason={r.reason}>
                    <strong>{areaName(r.area)}</strong>{' '}
                    <span>
                      — {riskText(
                        r.reason,
                        home.areas.find((a) => a.id === r.area),
                      )}
                    </span>
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p className="interview-ok">Every interview area is on track.</p>
          )}
        </>
      )}
      <button type="button" className="link-button" onClick={onSettings}>
        Change the interview in Settings
      </button>
    </section>
  );
}
