using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Tracking.LocalStack.Dynamo;
using Tracking.LocalStack.Hosting;
using Tracking.LocalStack.Net;
using Tracking.LocalStack.Tests.Support;

namespace Tracking.LocalStack.Tests;

public sealed class LocalStackCliTests
{
    // A free SQS port too: 9324 may be taken by a developer's own local stack.
    private static string[] FakeFunctions => ["--ingest", FakeFunction.ScriptPath, "--query", FakeFunction.ScriptPath, "--launcher", "node", "--sqs-port", "0"];

    [Fact]
    public async Task GatewayPortInUseExitsWithCodeTwo()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;
        var error = new StringWriter();

        var exit = await LocalStackCli.RunAsync(["--port", port.ToString(), "--dynamodb-endpoint", "http://127.0.0.1:9", .. FakeFunctions], TextWriter.Null, error);

        Assert.Equal(LocalStackCli.ExitPortInUse, exit);
        Assert.Contains($"Port {port}", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DynamoDbPortInUseExitsWithCodeTwo()
    {
        using var busy = new TcpListener(IPAddress.Loopback, 0);
        busy.Start();
        var port = ((IPEndPoint)busy.LocalEndpoint).Port;

        var exit = await LocalStackCli.RunAsync(["--port", Ports.FindFree().ToString(), "--dynamodb-port", port.ToString(), .. FakeFunctions], TextWriter.Null, TextWriter.Null);

        Assert.Equal(LocalStackCli.ExitPortInUse, exit);
    }

    [Fact]
    public async Task MissingFunctionExecutableIsReportedWithoutStartingAnything()
    {
        var error = new StringWriter();

        var exit = await LocalStackCli.RunAsync(["--port", Ports.FindFree().ToString(), "--ingest", "/nonexistent/bootstrap", "--query", FakeFunction.ScriptPath], TextWriter.Null, error);

        Assert.Equal(LocalStackCli.ExitFailure, exit);
        Assert.Contains("/nonexistent/bootstrap", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StackStartedAsAProcessServesRequestsAndLeavesNothingBehindOnSigterm()
    {
        var readyFile = Path.Combine(Path.GetTempPath(), $"localstack-ready-{Guid.NewGuid():N}.json");
        var dynamoPort = Ports.FindFree();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "Tracking.LocalStack.dll"), "--port", Ports.FindFree().ToString(),
                     "--dynamodb-port", dynamoPort.ToString(), "--ready-file", readyFile, "--env", "FAKE_MARKER=from-cli", "--table", "cli-table" }
                     .Concat(FakeFunctions))
        {
            start.ArgumentList.Add(arg);
        }
        using var stack = Process.Start(start)!;
        stack.OutputDataReceived += (_, _) => { };
        stack.ErrorDataReceived += (_, _) => { };
        stack.BeginOutputReadLine();
        stack.BeginErrorReadLine();
        try
        {
            var ready = await WaitForReadyFileAsync(readyFile, stack);
            using var http = new HttpClient();
            using var request = new HttpRequestMessage(HttpMethod.Get, $"{ready.Url}/v1/tracking/abc");
            request.Headers.Add("x-api-key", ready.Keys["reader"]);
            using var response = await http.SendAsync(request);
            using var echo = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var functionPid = echo.RootElement.GetProperty("pid").GetInt32();
            var env = echo.RootElement.GetProperty("env");
            using var dynamo = TableProvisioner.CreateLocalClient(ready.DynamoDbEndpoint);
            var table = (await dynamo.DescribeTableAsync("cli-table")).Table;

            using (Process.Start("kill", ["-TERM", stack.Id.ToString()])) { }
            var exited = stack.WaitForExit(30_000);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("from-cli", env.GetProperty("FAKE_MARKER").GetString());
            Assert.Equal("cli-table", env.GetProperty("TABLE_NAME").GetString());
            Assert.Equal(ready.DynamoDbEndpoint, env.GetProperty("DYNAMODB_ENDPOINT").GetString());
            Assert.Equal(TableStatus.ACTIVE, table.TableStatus);
            Assert.True(exited);
            Assert.Equal(0, stack.ExitCode);
            Assert.True(await GoneAsync(functionPid), $"function process {functionPid} outlived the stack");
            Ports.EnsureFree("dynalite", LocalDefaults.Host, dynamoPort);
            Assert.False(File.Exists(readyFile));
        }
        finally
        {
            if (!stack.HasExited) stack.Kill(entireProcessTree: true);
        }
    }

    private static async Task<ReadyFile> WaitForReadyFileAsync(string path, Process stack)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(path))
        {
            Assert.False(stack.HasExited, "the stack exited before it was ready");
            Assert.True(DateTime.UtcNow < deadline, "the stack was not ready within 60 s");
            await Task.Delay(50);
        }
        return JsonSerializer.Deserialize(await File.ReadAllBytesAsync(path), Json.LocalStackJsonContext.Default.ReadyFile)!;
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 100; i++)
        {
            if (!Directory.Exists($"/proc/{pid}")) return true;
            await Task.Delay(50);
        }
        return false;
    }
}
