import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { XdomeaSettingsForm } from './XdomeaSettingsForm';
import { XdomeaTargetForm } from './XdomeaTargetForm';
import { xdomeaApi, type XdomeaTarget } from './xdomeaApi';

const A = t.xdomea.admin;

function where(target: XdomeaTarget): string {
  return target.transport === 'directory' ? `${A.transport.directory}: ${target.config.directory ?? ''}` : `${A.transport.http}: ${target.config.url ?? ''}`;
}

/** /verwaltung/xdomea — the tenant's Behördenkennung and its xdomea targets (admin). */
export function XdomeaAdminSection() {
  const settings = useAsync((signal) => xdomeaApi.settings(signal), []);
  const targets = useAsync((signal) => xdomeaApi.targets(signal).then((r) => r.items), []);
  const [failure, setFailure] = useState<string>();
  const toggle = async (target: XdomeaTarget) => {
    setFailure(undefined);
    try {
      const { id, hasSharedSecret: _secret, ...rest } = target;
      await xdomeaApi.saveTarget(id, { ...rest, active: !target.active });
      targets.reload();
    } catch (e) {
      setFailure(isApiError(e) ? e.detail : t.app.unexpectedError);
    }
  };
  const error = settings.error ?? targets.error;
  return (
    <section className="admin-section" aria-labelledby="xdomea-heading">
      <h2 id="xdomea-heading" className="kern-heading-medium">{A.tab}</h2>
      <p className="kern-body">{A.intro}</p>
      {error ? <Alert tone="danger" title={isApiError(error) ? error.detail : t.app.unexpectedError} /> : null}
      {settings.data ? <XdomeaSettingsForm initial={settings.data} /> : null}
      <h3 className="kern-heading-small">{A.targets}</h3>
      {failure ? <Alert tone="danger" title={failure} /> : null}
      {targets.data && !targets.data.length ? <p className="kern-body muted">{A.noTargets}</p> : null}
      {targets.data?.length ? (
        <table className="kern-table">
          <caption className="kern-table__caption">{A.targetsCaption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">{A.targetCols.map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}</tr>
          </thead>
          <tbody className="kern-table__body">
            {targets.data.map((target) => (
              <tr key={target.id} className="kern-table__row">
                <td className="kern-table__cell">{target.name}</td>
                <td className="kern-table__cell">{t.xdomea.targetKind[target.kind]}</td>
                <td className="kern-table__cell">{target.authorityId}</td>
                <td className="kern-table__cell">{where(target)}</td>
                <td className="kern-table__cell">
                  {target.active ? A.active : A.inactive}{' '}
                  <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => void toggle(target)}>
                    <span className="kern-label">{target.active ? A.deactivate(target.name) : A.activate(target.name)}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      <XdomeaTargetForm onAdded={() => targets.reload()} />
    </section>
  );
}
