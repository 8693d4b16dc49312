using System.Globalization;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using Tracking.Contracts.Gateway;
using Tracking.Contracts.Json;
using Xunit.Abstractions;

namespace Tracking.Functions.Tests.Fuzz;

/// <summary>
/// No input gets a 5xx. Thousands of generated requests (random bytes, random JSON, valid requests with one member
/// broken in every way, every query parameter, hostile headers, cursors re-signed with the test key) go through the
/// real pipeline of both functions. Each must be answered below 500; every 4xx is application/problem+json with its
/// status; a 400 about a field we broke names it. Seeded: FUZZ_SEED replays a run, FUZZ_CASES sizes it.
/// </summary>
public sealed class FuzzTests(ITestOutputHelper output)
{
    private const int DefaultCases = 6000;

    [Fact]
    public async Task NoGeneratedRequestIsAnsweredWithA5xxOrAnUnnamedProblem()
    {
        var seed = Environment.GetEnvironmentVariable("FUZZ_SEED") is { Length: > 0 } s ? ulong.Parse(s, CultureInfo.InvariantCulture) : (ulong)Random.Shared.NextInt64(1, long.MaxValue);
        var cases = Environment.GetEnvironmentVariable("FUZZ_CASES") is { Length: > 0 } c ? int.Parse(c, CultureInfo.InvariantCulture) : DefaultCases;
        output.WriteLine($"fuzz: FUZZ_SEED={seed} FUZZ_CASES={cases}");
        using var harness = new FuzzHarness();
        var requests = Gen.Sample(Requests(harness), cases, new Rnd(seed), 20);

        var failures = new List<string>();
        var kinds = new Dictionary<string, int>();
        for (var i = 0; i < requests.Length; i++)
        {
            var request = requests[i];
            kinds[request.Kind] = kinds.GetValueOrDefault(request.Kind) + 1;
            var response = await harness.InvokeAsync(request);
            if (Verdict(request, response) is { } problem)
            {
                failures.Add($"case {i}: {problem}\n  request: {request}\n  answer: {response.StatusCode} {response.Body}");
            }
        }

        output.WriteLine($"fuzz: {requests.Length} requests: " + string.Join(", ", kinds.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}")));
        Assert.True(failures.Count == 0,
            $"FUZZ_SEED={seed} FUZZ_CASES={cases} (replay: FUZZ_SEED={seed} dotnet test tests/Functions.Tests --filter FuzzTests)\n" + $"{failures.Count} failures, the first (5xx first):\n" + string.Join("\n", failures.OrderBy(f => f.Contains("answered 5", StringComparison.Ordinal) ? 0 : 1).Take(8))
            + "\nerror log:\n" + string.Join("\n", harness.ErrorLog.ToString().Split('\n').Take(5)));
    }

    private static Gen<FuzzRequest> Requests(FuzzHarness harness)
    {
        var serial = Gen.Choose(0, 100_000);
        return Gen.Frequency(
            (2, BodyGen.RandomBytes(Routes.AnyPost)),
            (1, BodyGen.InvalidUtf8InString),
            (3, BodyGen.RandomJson),
            (6, BodyGen.SingleMutation(serial)),
            (4, BodyGen.BatchMutation(serial)),
            (1, BodyGen.BatchEnvelope),
            (5, new QueryGen(harness.Cursors).Any),
            (1, Routes.Routing),
            (1, Routes.Headers));
    }

    /// <summary>Null when the answer keeps the promises; otherwise what it broke.</summary>
    private static string? Verdict(FuzzRequest request, ApiGatewayProxyResponse response)
    {
        if (response.StatusCode >= 500) return $"answered {response.StatusCode}";
        if (response.StatusCode < 400)
        {
            return response.StatusCode == 200 && request.Resource == ApiRoutes.Batch && request.Fields is [var f] ? BatchItemVerdict(response, f) : null;
        }
        var contentType = response.Headers?.GetValueOrDefault("content-type");
        if (contentType != "application/problem+json") return $"a {response.StatusCode} with content type '{contentType}'";
        var problem = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.ProblemDetails)!;
        if (problem.Status != response.StatusCode || string.IsNullOrEmpty(problem.Type)) return "a problem whose status or type is missing";
        if (response.StatusCode != 400 || request.Fields.Length == 0) return null;
        return request.Fields.Any(field => Names(problem.Errors, field)) ? null : $"a 400 that names none of '{string.Join("|", request.Fields)}'";
    }

    /// <summary>In a 200 batch answer, the broken item is either accepted (the mutation left it valid) or invalid naming the field.</summary>
    private static string? BatchItemVerdict(ApiGatewayProxyResponse response, string field)
    {
        if (!field.StartsWith("events[", StringComparison.Ordinal)) return null;
        var batch = JsonSerializer.Deserialize(response.Body!, ContractsJsonContext.Default.BatchResponse)!;
        var index = int.Parse(field[7..field.IndexOf(']', StringComparison.Ordinal)], CultureInfo.InvariantCulture);
        var item = batch.Items[index];
        if (item.Result != BatchOutcome.Invalid) return null;
        var inner = field.Contains('.', StringComparison.Ordinal) ? field[(field.IndexOf('.', StringComparison.Ordinal) + 1)..] : "$";
        return Names(item.Errors, inner) ? null : $"batch item {index} invalid without naming '{field}'";
    }

    /// <summary>An error names the field when it is the field, inside it, or contains it ("location" for "location.lat").</summary>
    private static bool Names(List<FieldError>? errors, string field)
        => errors is { Count: > 0 } && errors.Any(e => !string.IsNullOrEmpty(e.Field)
            && (field == "$" || Related(e.Field, field) || Related(e.Field, StripBatchPrefix(field))));

    private static bool Related(string a, string b)
        => a == b || a.StartsWith(b + ".", StringComparison.Ordinal) || a.StartsWith(b + "[", StringComparison.Ordinal)
           || b.StartsWith(a + ".", StringComparison.Ordinal) || b.StartsWith(a + "[", StringComparison.Ordinal);

    private static string StripBatchPrefix(string field)
        => field.StartsWith("events[", StringComparison.Ordinal) && field.IndexOf("].", StringComparison.Ordinal) is var end and > 0 ? field[(end + 2)..] : field;
}
