import type { FormItem } from '../api/types';
import { t } from '../i18n/de';
import { FormItems } from './formData';

export function FormDataSection({ formData }: { formData: FormItem[] }) {
  return (
    <section className="case-section" aria-labelledby="formdata-heading">
      <h2 id="formdata-heading" className="kern-heading-medium">
        {t.caseDetail.formData}
      </h2>
      {formData.length ? <FormItems items={formData} /> : <p className="kern-body muted">{t.caseDetail.formDataEmpty}</p>}
    </section>
  );
}
