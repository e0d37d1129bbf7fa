/**
 * Every spelling of an internal target an attacker might try. The WHATWG parser normalises the
 * IPv4 forms; the guard must still judge each by the address it finally means.
 */
export const INTERNAL_URLS = [
  'https://127.0.0.1/', 'https://2130706433/', 'https://0x7f000001/', 'https://0177.0.0.1/', 'https://127.1/',
  'https://0x7f.1/', 'https://127.0.0.1./', 'https://127.255.255.254:8443/x',
  'https://localhost/', 'https://LOCALHOST./', 'https://api.localhost/',
  'https://0.0.0.0/', 'https://0/', 'https://[::]/', 'https://[::1]/', 'https://[0:0:0:0:0:0:0:1]/',
  'https://[::ffff:127.0.0.1]/', 'https://[::ffff:7f00:1]/', 'https://[0:0:0:0:0:ffff:7f00:1]/', 'https://[::ffff:0:127.0.0.1]/',
  'https://[::127.0.0.1]/', 'https://[64:ff9b::127.0.0.1]/', 'https://[64:ff9b::a9fe:a9fe]/', 'https://[64:ff9b:1::1]/',
  'https://[2002:7f00:1::]/', 'https://[2002:a9fe:a9fe::1]/', 'https://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/',
  'https://169.254.169.254/latest/meta-data/', 'https://[fd00:ec2::254]/', 'https://[::ffff:169.254.169.254]/', 'https://2852039166/',
  'https://10.0.0.1/', 'https://172.16.0.1/', 'https://172.31.255.255/', 'https://192.168.1.1/', 'https://100.64.0.1/',
  'https://192.0.0.192/', 'https://198.18.0.1/', 'https://224.0.0.1/', 'https://239.255.255.250/', 'https://240.0.0.1/', 'https://255.255.255.255/',
  'https://[fe80::1]/', 'https://[fc00::1]/', 'https://[fec0::1]/', 'https://[ff02::1]/', 'https://[100::1]/', 'https://[2001:db8::1]/',
];
