using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tracking.Bench.ColdStart;

/// <summary>
/// A throwaway PKI made at run time, shaped like the chain DynamoDB presents (RSA 2048 root → RSA 2048 intermediate →
/// leaf): the proxy sends leaf + intermediate, the function must find the root in its trust store, as on Lambda.
/// </summary>
public sealed class TestCertificates : IDisposable
{
    private TestCertificates(X509Certificate2 root, X509Certificate2 intermediate, X509Certificate2 server)
    {
        Root = root;
        Intermediate = intermediate;
        Server = server;
    }

    /// <summary>The test CA: what a trust store must hold for the function to accept the proxy.</summary>
    public X509Certificate2 Root { get; }
    public X509Certificate2 Intermediate { get; }
    /// <summary>For 127.0.0.1 and localhost, with its private key.</summary>
    public X509Certificate2 Server { get; }

    public static TestCertificates Create()
    {
        var now = DateTimeOffset.UtcNow;
        var notBefore = now.AddHours(-1);
        var notAfter = now.AddDays(2);

        using var rootKey = RSA.Create(2048);
        var rootRequest = new CertificateRequest("CN=Tracking Bench Test Root CA, O=package-tracking bench", rootKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddCaExtensions(rootRequest, pathLength: 1);
        var root = rootRequest.CreateSelfSigned(notBefore, notAfter);

        using var intermediateKey = RSA.Create(2048);
        var intermediateRequest = new CertificateRequest("CN=Tracking Bench Test RSA 2048 M01, O=package-tracking bench", intermediateKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        AddCaExtensions(intermediateRequest, pathLength: 0);
        intermediateRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(root, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var intermediatePublic = intermediateRequest.Create(root, notBefore, notAfter, Serial());
        var intermediate = intermediatePublic.CopyWithPrivateKey(intermediateKey);

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        serverRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        serverRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(serverRequest.PublicKey, false));
        serverRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(intermediate, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        using var serverPublic = serverRequest.Create(intermediate, notBefore, now.AddDays(1), Serial());
        var server = serverPublic.CopyWithPrivateKey(serverKey);

        return new TestCertificates(root, intermediate, server);
    }

    /// <summary>The root as PEM text, to append to a trust bundle.</summary>
    public string RootPem() => Root.ExportCertificatePem();

    private static void AddCaExtensions(CertificateRequest request, int pathLength)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, pathLength, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive
        return serial;
    }

    public void Dispose()
    {
        Server.Dispose();
        Intermediate.Dispose();
        Root.Dispose();
    }
}
