import type { Session } from '../../shared/domain';
import type { MethodInput } from '../../shared/schemas';
import { setSetting } from '../store/settings';
import { ANNOTATOR_SETTING, annotatorName, writeTransaction, type ServiceContext } from './context';
import { parse } from './validation';

export function getSession(ctx: ServiceContext, input: MethodInput<'getSession'>): Session {
  parse('getSession', input);
  return { annotator: annotatorName(ctx), appVersion: ctx.options.appVersion, host: ctx.options.host };
}

export function setAnnotator(ctx: ServiceContext, input: MethodInput<'setAnnotator'>): Session {
  const { name } = parse('setAnnotator', input);
  writeTransaction(ctx, () => setSetting(ctx.db, ANNOTATOR_SETTING, name));
  return getSession(ctx, {});
}
