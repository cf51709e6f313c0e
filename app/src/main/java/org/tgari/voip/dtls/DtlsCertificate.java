package org.tgari.voip.dtls;

import java.math.BigInteger;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Date;
import java.util.HexFormat;
import java.util.Locale;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.generators.ECKeyPairGenerator;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECKeyGenerationParameters;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.operator.DefaultDigestAlgorithmIdentifierFinder;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.bc.BcECContentSignerBuilder;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A self-signed ECDSA P-256 certificate for DTLS-SRTP, as WebRTC uses: its SHA-256 fingerprint goes into
 * InitialSetup, and the peer checks the certificate it receives against that. Built with BouncyCastle's
 * lightweight API, so no JCA provider has to be installed globally.
 *
 * <p>The key lives on BouncyCastle's custom P-256 curve (its specialised field arithmetic) rather than
 * the generic one the ASN.1 curve table gives: the ECDSA signature each handshake makes then costs a
 * fraction of the time. The TLS crypto and the certificate chain every handshake presents are made once
 * here, with the certificate, not per call.
 */
public final class DtlsCertificate {

    private final byte[] der;
    private final AsymmetricKeyParameter privateKey;
    private final String fingerprint;
    private final BcTlsCrypto crypto;
    private final Certificate chain;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey, SecureRandom random) throws java.io.IOException {
        this.der = der;
        this.privateKey = privateKey;
        this.fingerprint = sha256Fingerprint(der);
        this.crypto = new BcTlsCrypto(random);
        this.chain = new Certificate(new TlsCertificate[] {new BcTlsCertificate(crypto, der)});
    }

    public static DtlsCertificate generateEcdsaP256() {
        try {
            var random = new SecureRandom();
            X9ECParameters curve = CustomNamedCurves.getByName("secp256r1");
            var domain = new ECNamedDomainParameters(ECNamedCurveTable.getOID("secp256r1"), curve);
            var gen = new ECKeyPairGenerator();
            gen.init(new ECKeyGenerationParameters(domain, random));
            AsymmetricCipherKeyPair keys = gen.generateKeyPair();
            var name = new X500Name("CN=tgari");
            long now = System.currentTimeMillis();
            var builder = new X509v3CertificateBuilder(name, new BigInteger(63, random).add(BigInteger.ONE),
                    new Date(now - 30L * 86_400_000), new Date(now + 365L * 86_400_000), name,
                    SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(keys.getPublic()));
            var sigAlg = new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");
            var digAlg = new DefaultDigestAlgorithmIdentifierFinder().find(sigAlg);
            var signer = new BcECContentSignerBuilder(sigAlg, digAlg).build(keys.getPrivate());
            return new DtlsCertificate(builder.build(signer).getEncoded(), keys.getPrivate(), random);
        } catch (Exception e) {
            throw new IllegalStateException("cannot create the DTLS certificate: " + e.getMessage(), e);
        }
    }

    /** WebRTC's form: uppercase hex pairs joined by ':'. */
    public static String sha256Fingerprint(byte[] der) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(der);
            return HexFormat.ofDelimiter(":").formatHex(h).toUpperCase(Locale.ROOT);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public String sha256Fingerprint() {
        return fingerprint;
    }

    byte[] der() {
        return der.clone();
    }

    /** The TLS crypto every endpoint with this certificate shares (thread-safe: its state is the random source). */
    BcTlsCrypto crypto() {
        return crypto;
    }

    /** The chain presented in every handshake: this certificate alone. */
    Certificate chain() {
        return chain;
    }

    AsymmetricKeyParameter privateKey() {
        return privateKey;
    }
}
