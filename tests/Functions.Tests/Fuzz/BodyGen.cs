using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Tracking.Functions.Tests.Fuzz;

/// <summary>Request bodies for the two write routes: random bytes, random JSON, and valid updates with one thing broken.</summary>
internal static class BodyGen
{
    /// <summary>Bytes that are not UTF-8: overlong forms, a CESU-8 lone surrogate, stray continuation and invalid lead bytes, a cut sequence.</summary>
    private static readonly byte[][] InvalidUtf8 = [[0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xFF], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0xF4, 0x90, 0x80, 0x80]];

    public static Gen<FuzzRequest> RandomBytes(Gen<FuzzRequest> route)
        => Gen.Zip(route, ArbMap.Default.GeneratorFor<byte>().ArrayOf())
            .Select(p => p.Item1 with { BinaryBody = p.Item2, Kind = "random-bytes" });

    /// <summary>A valid update whose "hub" metadata string carries bytes that are not UTF-8 (sent base64, as API Gateway does for binary).</summary>
    public static Gen<FuzzRequest> InvalidUtf8InString
        => Gen.Elements(InvalidUtf8).Select(bad =>
        {
            var text = EventDoc.Valid("PKG-UTF8", 1, withTrackingId: false).Render();
            var at = text.IndexOf("SEA", StringComparison.Ordinal) + 1;
            byte[] bytes = [.. Encoding.UTF8.GetBytes(text[..at]), .. bad, .. Encoding.UTF8.GetBytes(text[at..])];
            return Routes.PostEvent("PKG-UTF8") with { BinaryBody = bytes, Fields = ["metadata.hub"], Kind = "invalid-utf8" };
        });

    public static Gen<FuzzRequest> RandomJson
        => Gen.Zip(Gen.OneOf(JsonGen.Value(4), JsonGen.Object(JsonGen.Value(3)), JsonGen.Deep), Gen.Elements(true, false))
            .Select(p => p.Item2
                ? Routes.PostEvent("PKG-RANDOM") with { Body = p.Item1, Kind = "random-json" }
                : Routes.PostBatch with { Body = "{\"events\":[" + p.Item1 + "]}", Kind = "random-json-batch" });

    /// <summary>A valid update with one member replaced by any JSON value, removed, repeated or renamed.</summary>
    public static Gen<(EventDoc Doc, string Field)> Mutation(Gen<int> serial, bool inBatch)
        => Gens.Zip(serial, Gen.Elements(EventDoc.Paths), Gen.Choose(0, 9))
            .SelectMany(p => MutationValue.Select(value =>
            {
                var (n, path, how) = p;
                var doc = EventDoc.Valid($"PKG-M{n % 7}", n, inBatch);
                return how switch
                {
                    0 => (doc.Remove(path), path),
                    1 => (doc.Repeat(path, value), path),
                    2 => (doc.Rename(path, Pick(JsonGen.HostileStrings, n)), Parent(path)),
                    _ => (doc.Replace(path, value), path),
                };
            }));

    public static Gen<FuzzRequest> SingleMutation(Gen<int> serial)
        => Mutation(serial, inBatch: false).Select(m => Routes.PostEvent("PKG-M") with { Body = m.Doc.Render(), Fields = [m.Field], Kind = "mutation" });

    /// <summary>The mutated update between two valid siblings: it alone must be refused (or the whole body, naming it).</summary>
    public static Gen<FuzzRequest> BatchMutation(Gen<int> serial)
        => Gen.Zip(Mutation(serial, inBatch: true), serial).Select(p =>
        {
            var (mutated, n) = p;
            var before = EventDoc.Valid("PKG-B1", n + 1000, withTrackingId: true).Render();
            var after = EventDoc.Valid("PKG-B2", n + 2000, withTrackingId: true).Render();
            return Routes.PostBatch with { Body = $"{{\"events\":[{before},{mutated.Doc.Render()},{after}]}}", Fields = [mutated.Field == "$" ? "events[1]" : "events[1]." + mutated.Field], Kind = "batch-mutation" };
        });

    /// <summary>The batch envelope itself broken: wrong type, repeated, too few or too many events, unknown members.</summary>
    public static Gen<FuzzRequest> BatchEnvelope
        => Gen.OneOf(
                JsonGen.Value(2).Select(v => ("{\"events\":" + v + "}", "events")),
                Gen.Choose(0, 130).Select(n => ("{\"events\":[" + string.Join(",", Enumerable.Range(0, n).Select(i => EventDoc.Valid("PKG-E", i, true).Render())) + "]}", "events")),
                JsonGen.Value(1).Select(v => ("{\"events\":[],\"events\":" + v + "}", "events")),
                JsonGen.Value(1).Select(v => ("{\"events\":[" + EventDoc.Valid("PKG-E", 1, true).Render() + "],\"extra\":" + v + "}", "extra")))
            .Select(p => Routes.PostBatch with { Body = p.Item1, Fields = [p.Item2], Kind = "batch-envelope" });

    private static Gen<string> MutationValue => Gen.Frequency((4, JsonGen.Scalar), (2, JsonGen.Value(2)), (1, JsonGen.Deep));

    private static string Parent(string path) => path.Contains('.', StringComparison.Ordinal) ? path[..path.IndexOf('.', StringComparison.Ordinal)] : "$";

    private static string Pick(string[] values, int n) => values[n % values.Length];
}
