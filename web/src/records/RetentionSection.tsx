import { useState } from 'react';
import { useAsync } from '../app/useAsync';
import { formatDateTime } from '../i18n/format';
import { t } from '../i18n/de';
import { Alert } from '../ui/Alert';
import { Modal } from '../ui/Modal';
import { Select } from '../ui/Select';
import { TextInput } from '../ui/TextInput';
import { DialogFooter } from '../admin/DialogFooter';
import { useFormErrors, useSubmission } from '../admin/useFormErrors';
import { recordsApi, type Appraisal, type RetentionRule, type RetentionStart, type RuleOverview } from './recordsApi';

const r = t.records;
const startChoices = Object.entries(r.startsAt).map(([value, label]) => ({ value, label }));
const appraisalChoices = Object.entries(r.appraisal).map(([value, label]) => ({ value, label }));

interface Target { serviceId: string | null; name: string; rule: RetentionRule }

function RuleDialog({ target, onClose, onSaved }: { target: Target; onClose: () => void; onSaved: (o: RuleOverview) => void }) {
  const [months, setMonths] = useState(String(target.rule.periodMonths));
  const [startsAt, setStartsAt] = useState<string>(target.rule.startsAt);
  const [appraisal, setAppraisal] = useState<string>(target.rule.appraisal);
  const errors = useFormErrors();
  const { busy, run } = useSubmission(errors);
  const submit = async () => {
    errors.clear();
    const periodMonths = Number(months.trim());
    if (!/^\d+$/.test(months.trim()) || periodMonths > 1200) return errors.setField('periodMonths', r.periodInvalid);
    const rule = { periodMonths, startsAt: startsAt as RetentionStart, appraisal: appraisal as Appraisal };
    await run(async () => {
      onSaved(target.serviceId ? await recordsApi.putService(target.serviceId, rule) : await recordsApi.putDefault(rule));
    }, ['periodMonths', 'startsAt', 'appraisal']);
  };
  return (
    <Modal title={r.editTitle(target.name)} isOpen onOpenChange={(o) => !o && onClose()} onSubmit={() => void submit()}
      footer={<DialogFooter onClose={onClose} confirm={t.admin.save} busy={busy} />}>
      {errors.general ? <Alert tone="danger" title={errors.general} /> : null}
      <TextInput label={r.periodMonths} hint={r.periodHint} value={months} onChange={setMonths} error={errors.fields.periodMonths} />
      <Select label={r.startsAtLabel} value={startsAt} onChange={setStartsAt} options={startChoices} error={errors.fields.startsAt} />
      <Select label={r.appraisalLabel} value={appraisal} onChange={setAppraisal} options={appraisalChoices} error={errors.fields.appraisal} />
    </Modal>
  );
}

function RuleCells({ rule }: { rule: RetentionRule }) {
  return (
    <>
      <td className="kern-table__cell">{r.months(rule.periodMonths)}</td>
      <td className="kern-table__cell">{r.startsAt[rule.startsAt]}</td>
      <td className="kern-table__cell">{r.appraisal[rule.appraisal]}</td>
    </>
  );
}

/** /verwaltung/aufbewahrung — the tenant's default retention and a rule per service. */
export function RetentionSection() {
  const overview = useAsync(() => recordsApi.rules(), []);
  const [editing, setEditing] = useState<Target | null>(null);
  const [notice, setNotice] = useState<string>();
  const [failure, setFailure] = useState<string>();
  const data = overview.data;

  const saved = (name: string) => (o: RuleOverview) => {
    overview.setData(o);
    setEditing(null);
    setNotice(r.saved(name));
  };
  const useDefault = async (serviceId: string, name: string) => {
    setFailure(undefined);
    try {
      saved(name)(await recordsApi.removeService(serviceId));
    } catch {
      setFailure(t.app.unexpectedError);
    }
  };

  return (
    <section aria-labelledby="retention-heading">
      <h2 id="retention-heading" className="kern-heading-medium">{r.tab}</h2>
      <p className="kern-body">{r.intro}</p>
      {notice ? <Alert tone="success" title={notice} /> : null}
      {failure ? <Alert tone="danger" title={failure} /> : null}
      {overview.error ? <Alert tone="danger" title={t.app.unexpectedError} /> : null}
      {data ? (
        <table className="kern-table">
          <caption className="kern-table__caption">{r.tableCaption}</caption>
          <thead className="kern-table__head">
            <tr className="kern-table__row">
              {[r.service, r.period, r.startsAtLabel, r.appraisalLabel, r.actions].map((h) => <th key={h} scope="col" className="kern-table__header">{h}</th>)}
            </tr>
          </thead>
          <tbody className="kern-table__body">
            <tr className="kern-table__row">
              <th scope="row" className="kern-table__header">
                {r.defaultRow}
                {data.defaultRule.builtIn ? <span className="muted"> ({r.builtIn})</span> : null}
              </th>
              <RuleCells rule={data.defaultRule.rule} />
              <td className="kern-table__cell">
                <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setEditing({ serviceId: null, name: r.defaultRow, rule: data.defaultRule.rule })}>
                  <span className="kern-label">{r.edit(r.defaultRow)}</span>
                </button>
              </td>
            </tr>
            {data.services.map((s) => (
              <tr key={s.serviceId} className="kern-table__row">
                <th scope="row" className="kern-table__header">{s.serviceName}</th>
                {s.rule ? <RuleCells rule={s.rule} /> : <td className="kern-table__cell muted" colSpan={3}>{r.followsDefault}</td>}
                <td className="kern-table__cell">
                  <button type="button" className="kern-btn kern-btn--secondary" onClick={() => setEditing({ serviceId: s.serviceId, name: s.serviceName, rule: s.rule ?? data.defaultRule.rule })}>
                    <span className="kern-label">{r.edit(s.serviceName)}</span>
                  </button>
                  {s.rule ? (
                    <button type="button" className="kern-btn kern-btn--tertiary" aria-label={r.useDefaultFor(s.serviceName)} onClick={() => void useDefault(s.serviceId, s.serviceName)}>
                      <span className="kern-label">{r.useDefault}</span>
                    </button>
                  ) : null}
                  {s.updatedAt ? <span className="muted"> {formatDateTime(s.updatedAt)}</span> : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : overview.error ? null : <p role="status">{t.app.loading}</p>}
      {editing ? <RuleDialog target={editing} onClose={() => setEditing(null)} onSaved={saved(editing.name)} /> : null}
    </section>
  );
}
