using Tracking.Contracts.Configuration;

namespace Tracking.Bench.ColdStart;

/// <summary>
/// How a measured function reaches DynamoDB, and which trust store its process loads. OpenSSL (and .NET's root store
/// on Linux) reads SSL_CERT_FILE / SSL_CERT_DIR from the process environment, so each transport is only environment.
/// </summary>
public sealed record Transport(string Name, string Endpoint, string TrustStore, IReadOnlyDictionary<string, string> Environment, Func<int>? Handshakes)
{
    /// <summary>Plain HTTP to dynalite: no TLS at all (what the harness measured before).</summary>
    public const string Http = "http";
    /// <summary>TLS through the proxy; the system's default store (bundle + certificate directory) plus the test CA.</summary>
    public const string TlsDefault = "tls-default";
    /// <summary>TLS through the proxy; what the deployed functions get: only the Amazon roots (+ the test CA here).</summary>
    public const string TlsTrimmed = "tls-trimmed";

    /// <summary>A lever that does not pay enough (bench/README.md): the Amazon roots as SSL_CERT_FILE, the default directory left in place.</summary>
    public const string TlsFileOnly = "tls-file-only";

    /// <summary>What a run measures unless told otherwise.</summary>
    public static readonly IReadOnlyList<string> All = [Http, TlsDefault, TlsTrimmed];

    public static readonly IReadOnlyList<string> Known = [.. All, TlsFileOnly];

    public bool IsTls => Name != Http;
}

/// <summary>The TLS side of a run: test PKI, proxy, and the two trust bundles written to a temporary folder.</summary>
public sealed class TlsSetup : IAsyncDisposable
{
    /// <summary>The PEM scripts/build-lambdas.sh packs beside each bootstrap (infra points SSL_CERT_FILE at it).</summary>
    public const string AmazonRootsPem = "amazon-trust-services.pem";

    /// <summary>Where Debian/Ubuntu and Amazon Linux/Fedora keep the default bundle OpenSSL loads.</summary>
    private static readonly string[] DefaultBundles = ["/etc/ssl/certs/ca-certificates.crt", "/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem", "/etc/pki/tls/certs/ca-bundle.crt"];

    private readonly string _folder;
    private readonly TestCertificates _certificates;
    private readonly TlsProxy _proxy;

    private TlsSetup(string folder, TestCertificates certificates, TlsProxy proxy)
    {
        _folder = folder;
        _certificates = certificates;
        _proxy = proxy;
    }

    public static TlsSetup Start(string dynaliteEndpoint)
    {
        var folder = Directory.CreateTempSubdirectory("coldstart-tls-").FullName;
        var certificates = TestCertificates.Create();
        return new TlsSetup(folder, certificates, TlsProxy.Start(dynaliteEndpoint, certificates));
    }

    /// <summary>The variables one transport adds to the function's environment, and what its store holds.</summary>
    public Transport Create(string name, string amazonRootsPem) => name switch
    {
        Transport.TlsDefault => DefaultStore(),
        Transport.TlsTrimmed => TrimmedStore(amazonRootsPem, withoutDirectory: true),
        Transport.TlsFileOnly => TrimmedStore(amazonRootsPem, withoutDirectory: false),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "not a TLS transport"),
    };

    /// <summary>The default bundle plus the test CA as SSL_CERT_FILE; SSL_CERT_DIR unset, so the default directory is read too.</summary>
    private Transport DefaultStore()
    {
        var bundle = DefaultBundles.FirstOrDefault(File.Exists)
                     ?? throw new FileNotFoundException($"no default CA bundle ({string.Join(", ", DefaultBundles)}): install ca-certificates");
        var file = Write("default-plus-test-ca.pem", File.ReadAllText(bundle) + "\n" + _certificates.RootPem());
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [EnvironmentVariables.DynamoDbEndpoint] = _proxy.Endpoint, [SslCertFile] = file };
        return new Transport(Transport.TlsDefault, _proxy.Endpoint, $"{bundle} ({CountCertificates(file) - 1} certificates) + the OpenSSL default directory + test CA", environment, () => _proxy.Handshakes);
    }

    /// <summary>Exactly what infra sets on Lambda: the packed Amazon roots (+ the test CA) and a directory that does not exist.</summary>
    private Transport TrimmedStore(string amazonRootsPem, bool withoutDirectory)
    {
        if (!File.Exists(amazonRootsPem)) throw new FileNotFoundException($"{amazonRootsPem} is missing: run scripts/build-lambdas.sh --rid linux-x64", amazonRootsPem);
        var file = Write("amazon-plus-test-ca.pem", File.ReadAllText(amazonRootsPem) + "\n" + _certificates.RootPem());
        var environment = new Dictionary<string, string>(StringComparer.Ordinal) { [EnvironmentVariables.DynamoDbEndpoint] = _proxy.Endpoint, [SslCertFile] = file };
        if (withoutDirectory) environment[SslCertDir] = Path.Combine(_folder, "no-certificate-directory");
        var store = $"{AmazonRootsPem} ({CountCertificates(file) - 1} certificates) + test CA, {(withoutDirectory ? "no directory" : "the OpenSSL default directory")}";
        return new Transport(withoutDirectory ? Transport.TlsTrimmed : Transport.TlsFileOnly, _proxy.Endpoint, store, environment, () => _proxy.Handshakes);
    }

    private const string SslCertFile = "SSL_CERT_FILE";
    private const string SslCertDir = "SSL_CERT_DIR";

    private string Write(string name, string text)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static int CountCertificates(string pemFile)
        => File.ReadLines(pemFile).Count(line => line.StartsWith("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal));

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        _certificates.Dispose();
        try { Directory.Delete(_folder, recursive: true); }
        catch (IOException) { }
    }
}
