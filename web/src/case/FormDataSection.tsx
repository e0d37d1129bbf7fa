import type { CaseDetail, FormItem } from '../api/types';
import { t } from '../i18n/de';
import { FormItems } from './formData';

export function FormDataSection({ formData }: { formData: CaseDetail['formData'] }) {
  // The contract types nested items as unknown[] ("same structure"): JSON Schema recursion does not survive generation.
  const tree = formData as FormItem[];
  return (
    <section className="case-section" aria-labelledby="formdata-heading">
      <h2 id="formdata-heading" className="kern-heading-medium">
        {t.caseDetail.formData}
      </h2>
      {tree.length ? <FormItems items={tree} /> : <p className="kern-body muted">{t.caseDetail.formDataEmpty}</p>}
    </section>
  );
}
