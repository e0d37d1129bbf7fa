import { useState } from 'react';
import { isApiError } from '../api/client';
import { useAsync } from '../app/useAsync';
import { t } from '../i18n/de';
import { AdminTable } from '../ui/AdminTable';
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
      <AdminTable
        caption={A.targetsCaption}
        captionClassName="kern-table__caption"
        className=""
        scroll={false}
        rows={targets.data}
        rowKey={(target) => target.id}
        empty={A.noTargets}
        emptyAsNote
        columns={[
          { header: A.targetCols.name, cell: (target) => target.name },
          { header: A.targetCols.kind, cell: (target) => t.xdomea.targetKind[target.kind] },
          { header: A.targetCols.authorityId, cell: (target) => target.authorityId },
          { header: A.targetCols.transport, cell: where },
          {
            header: A.targetCols.active,
            cell: (target) => (
              <>
                {target.active ? A.active : A.inactive}{' '}
                <button type="button" className="kern-btn kern-btn--tertiary" onClick={() => void toggle(target)}>
                  <span className="kern-label">{target.active ? A.deactivate(target.name) : A.activate(target.name)}</span>
                </button>
              </>
            ),
          },
        ]}
      />
      <XdomeaTargetForm onAdded={() => targets.reload()} />
    </section>
  );
}
