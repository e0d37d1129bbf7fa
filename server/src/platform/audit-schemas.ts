import { Type } from '@sinclair/typebox';

export const CheckpointRun = Type.Object({
  created: Type.Integer({ description: 'Kommunen, deren Historie sich bewegt hat und die einen neuen signierten Prüfpunkt bekamen' }),
  refusedTenantIds: Type.Array(Type.String({ format: 'uuid' }), {
    description: 'Kommunen, deren Kette ihren letzten Prüfpunkt nicht mehr enthält (gekürzt oder umgeschrieben): nicht neu signiert',
  }),
  published: Type.Object({
    file: Type.Integer({ description: 'an AMTSDESK_AUDIT_PUBLISH_FILE angehängt' }),
    url: Type.Integer({ description: 'an AMTSDESK_AUDIT_PUBLISH_URL gesendet' }),
    failed: Type.Array(Type.String(), { description: 'fehlgeschlagene Ziele; beim nächsten Lauf wiederholt' }),
  }),
  keyFingerprint: Type.String({ description: 'sha256-Fingerabdruck des öffentlichen Schlüssels' }),
});

export const CheckpointPublicKey = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  fingerprint: Type.String(),
  publicKeyPem: Type.String({ description: 'Öffentlicher Schlüssel (SPKI, PEM) für `amtsdesk audit verify --public-key`' }),
});
