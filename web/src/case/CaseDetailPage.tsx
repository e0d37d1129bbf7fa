export function CaseDetailPage({ id }: { id: string }) {
  return <h1 className="kern-heading-large">{id}</h1>;
}
