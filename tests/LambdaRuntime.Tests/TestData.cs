using System.Text;

namespace Tracking.LambdaRuntime.Tests;

internal static class TestData
{
    public static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Deterministic pseudo-random bytes: any dropped, reordered or stale byte shows.</summary>
    public static byte[] Bytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static Func<string, string?> Environment(params (string Name, string Value)[] variables) =>
        name => Array.Find(variables, v => v.Name == name).Value;
}
