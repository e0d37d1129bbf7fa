import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDate } from '../i18n/format';
import { t } from '../i18n/de';
import type { WeekCount } from './useDashboardData';

/** Incoming applications per week (recharts; loaded only on the dashboard). */
export default function WeeklyChart({ data }: { data: WeekCount[] }) {
  const rows = data.map((d) => ({ week: formatDate(d.weekStart).slice(0, 6), label: formatDate(d.weekStart), count: d.count }));
  return (
    <figure className="chart" aria-label={t.dashboard.weeklyTitle}>
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={rows} accessibilityLayer title={t.dashboard.weeklyTitle} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" stroke="#c0c3d5" vertical={false} />
          <XAxis dataKey="week" tick={{ fill: '#404565', fontSize: 13 }} />
          <YAxis allowDecimals={false} tick={{ fill: '#404565', fontSize: 13 }} width={40} />
          <Tooltip
            formatter={(value) => [String(value), t.dashboard.count]}
            labelFormatter={(_, payload) => `${t.dashboard.week} ${String(payload?.[0]?.payload?.label ?? '')}`}
          />
          <Bar dataKey="count" name={t.dashboard.count} fill="#1a3da5" radius={[3, 3, 0, 0]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
