import type { Session } from '../../shared/domain';
import type { MethodInput } from '../../shared/schemas';
import { ensureAnnotator } from '../store/annotators';
import { getSetting } from '../store/settings';
import { ANNOTATOR_SETTING, annotatorName, withAnnotator, writeTransaction, type ServiceContext } from './context';
import { parse } from './validation';

export function getSession(ctx: ServiceContext, input: MethodInput<'getSession'>): Session {
  parse('getSession', input);
  const counts = ctx.db
    .prepare(
      `SELECT a.name, a.kind, count(n.id) AS spanCount FROM annotators a
       LEFT JOIN annotations n ON n.annotator_id = a.id AND n.deleted_at IS NULL
       GROUP BY a.id ORDER BY a.kind = 'gold', a.name COLLATE NOCASE`,
    )
    .all() as Session['annotators'];
  return {
    annotator: annotatorName(ctx),
    annotatorChosen: ctx.annotator !== undefined,
    suggestedAnnotator: getSetting(ctx.db, ANNOTATOR_SETTING) ?? ctx.options.defaultAnnotator,
    annotators: counts,
    appVersion: ctx.options.appVersion,
    host: ctx.options.host,
  };
}

/**
 * Checks and registers a name, and answers the session as that annotator. It
 * changes nobody else: each door remembers the name for its own caller (the
 * window, the browser tab) and sends it with every request.
 */
export function setAnnotator(ctx: ServiceContext, input: MethodInput<'setAnnotator'>): Session {
  const { name } = parse('setAnnotator', input);
  const as = withAnnotator(ctx, name);
  writeTransaction(as, () => ensureAnnotator(as.db, annotatorName(as), as.now()));
  return getSession(as, {});
}
