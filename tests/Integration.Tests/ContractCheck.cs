using System.Text;
using Tracking.Contracts.Gateway;
using Tracking.LocalStack.Contract;

namespace Tracking.Integration.Tests;

/// <summary>Every answer a test receives is checked against openapi.json (JsonSchema.Net): breaking the contract fails the test.</summary>
internal static class ContractCheck
{
    public static void Verify(string method, string resource, ApiGatewayProxyResponse response)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.MultiValueHeaders ?? []) headers[name] = string.Join(", ", values);
        foreach (var (name, value) in response.Headers ?? []) headers[name] = value;
        var body = response.Body is null ? "" : response.IsBase64Encoded ? Encoding.UTF8.GetString(Convert.FromBase64String(response.Body)) : response.Body;
        var observed = new ObservedResponse(response.StatusCode, headers.GetValueOrDefault("content-type"), headers, body);
        var violations = ResponseContract.Repository.Check(method, resource, observed);
        if (violations.Count > 0) throw new Xunit.Sdk.XunitException("The answer breaks src/Contracts/Definitions/openapi.json:\n" + string.Join('\n', violations) + "\n" + body);
    }
}
