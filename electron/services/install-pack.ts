/**
 * Installs or updates a validated pack in one transaction. Questions and checklist items are matched by id, so
 * history survives an update; questions absent from the new version are retired (hidden, history kept).
 */
import type Database from 'better-sqlite3';
import { defaultTimeLimitSec } from '../../shared/areas';
import type { Pack, Question } from '../../shared/pack-schema';

export interface InstallOutcome {
  action: 'added' | 'updated' | 'unchanged';
  added: number;
  changed: number;
  retired: number;
}

export interface InstallOptions {
  builtin: boolean;
  contentHash: string;
  now?: string;
}

function questionRow(q: Question, ordinal: number) {
  return {
    id: q.id,
    area: q.area,
    kind: q.kind,
    level: q.level,
    prompt: q.prompt,
    time_limit_sec: q.timeLimitSec ?? defaultTimeLimitSec(q.kind, q.level),
    outline: q.outline ?? null,
    pitfalls: JSON.stringify(q.pitfalls),
    follow_ups: JSON.stringify(q.followUps),
    tags: JSON.stringify(q.tags ?? []),
    roles: JSON.stringify(q.roles ?? []),
    ordinal,
  };
}

type QuestionRow = ReturnType<typeof questionRow>;
const COMPARED: (keyof QuestionRow)[] = ['area', 'kind', 'level', 'prompt', 'time_limit_sec', 'outline', 'pitfalls', 'follow_ups', 'tags', 'roles'];

export function installPack(db: Database.Database, pack: Pack, opts: InstallOptions): InstallOutcome {
  const now = opts.now ?? new Date().toISOString();
  const existing = db.prepare('SELECT content_hash FROM packs WHERE id = ?').get(pack.id) as { content_hash: string } | undefined;
  if (existing && existing.content_hash === opts.contentHash) return { action: 'unchanged', added: 0, changed: 0, retired: 0 };

  const selectQuestion = db.prepare('SELECT * FROM questions WHERE pack_id = ? AND id = ?');
  const insertQuestion = db.prepare(`
    INSERT INTO questions (pack_id, id, area, kind, level, prompt, time_limit_sec, outline, pitfalls, follow_ups, tags, roles, ordinal)
    VALUES (@pack_id, @id, @area, @kind, @level, @prompt, @time_limit_sec, @outline, @pitfalls, @follow_ups, @tags, @roles, @ordinal)`);
  const updateQuestion = db.prepare(`
    UPDATE questions SET area = @area, kind = @kind, level = @level, prompt = @prompt, time_limit_sec = @time_limit_sec,
      outline = @outline, pitfalls = @pitfalls, follow_ups = @follow_ups, tags = @tags, roles = @roles, ordinal = @ordinal, retired = 0
    WHERE key = @key`);
  const selectItems = db.prepare('SELECT key, id, text, keywords, ordinal, retired FROM checklist_items WHERE question_key = ?');
  const insertItem = db.prepare('INSERT INTO checklist_items (question_key, id, text, keywords, ordinal) VALUES (?, ?, ?, ?, ?)');
  const updateItem = db.prepare('UPDATE checklist_items SET text = ?, keywords = ?, ordinal = ?, retired = 0 WHERE key = ?');
  const retireItem = db.prepare('UPDATE checklist_items SET retired = 1 WHERE key = ?');

  const outcome: InstallOutcome = { action: existing ? 'updated' : 'added', added: 0, changed: 0, retired: 0 };

  db.transaction(() => {
    const packRow = {
      id: pack.id,
      version: pack.version,
      title: pack.title,
      description: pack.description ?? null,
      author: pack.author ?? null,
      license: pack.license ?? null,
      builtin: opts.builtin ? 1 : 0,
      content_hash: opts.contentHash,
      now,
    };
    db.prepare(`
      INSERT INTO packs (id, version, title, description, author, license, builtin, content_hash, installed_at, updated_at)
      VALUES (@id, @version, @title, @description, @author, @license, @builtin, @content_hash, @now, @now)
      ON CONFLICT (id) DO UPDATE SET version = excluded.version, title = excluded.title, description = excluded.description,
        author = excluded.author, license = excluded.license, builtin = excluded.builtin,
        content_hash = excluded.content_hash, updated_at = excluded.updated_at`).run(packRow);

    const keep = new Set<number>();
    pack.questions.forEach((q, ordinal) => {
      const row = { ...questionRow(q, ordinal), pack_id: pack.id };
      const old = selectQuestion.get(pack.id, q.id) as (QuestionRow & { key: number; retired: number }) | undefined;
      let key: number;
      let itemsChanged = false;
      if (!old) {
        key = Number(insertQuestion.run(row).lastInsertRowid);
        outcome.added++;
      } else {
        key = old.key;
        const differs = old.retired === 1 || COMPARED.some((f) => old[f] !== row[f]);
        updateQuestion.run({ ...row, key });
        if (differs) itemsChanged = true;
      }
      keep.add(key);

      const oldItems = new Map(
        (selectItems.all(key) as { key: number; id: string; text: string; keywords: string; ordinal: number; retired: number }[]).map((i) => [i.id, i]),
      );
      q.checklist.forEach((item, i) => {
        const keywords = JSON.stringify(item.keywords ?? []);
        const prev = oldItems.get(item.id);
        if (!prev) {
          insertItem.run(key, item.id, item.text, keywords, i);
          if (old) itemsChanged = true;
        } else {
          if (prev.text !== item.text || prev.keywords !== keywords || prev.ordinal !== i || prev.retired === 1) itemsChanged = true;
          updateItem.run(item.text, keywords, i, prev.key);
          oldItems.delete(item.id);
        }
      });
      for (const gone of oldItems.values()) {
        if (gone.retired === 0) {
          retireItem.run(gone.key);
          itemsChanged = true;
        }
      }
      if (old && itemsChanged) outcome.changed++;
    });

    const current = db.prepare('SELECT key FROM questions WHERE pack_id = ? AND retired = 0').all(pack.id) as { key: number }[];
    const retire = db.prepare('UPDATE questions SET retired = 1 WHERE key = ?');
    for (const { key } of current) {
      if (!keep.has(key)) {
        retire.run(key);
        outcome.retired++;
      }
    }
  }).immediate();
  return outcome;
}
