using Tracking.LocalStack.Hosting;

namespace Tracking.LocalStack.Tests;

public sealed class LocalStackOptionsTests
{
    [Fact]
    public void DefaultsAreTheDocumentedOnes()
    {
        var options = LocalStackOptions.Parse([]);

        Assert.Equal("127.0.0.1", options.Host);
        Assert.Equal(4000, options.Port);
        Assert.Equal(8000, options.DynamoDbPort);
        Assert.Equal("tracking-local", options.TableName);
        Assert.Equal(1, options.Instances);
        Assert.Null(options.DynamoDbEndpoint);
    }

    [Fact]
    public void FunctionOptionsLauncherAndEnvironmentAreParsed()
    {
        var options = LocalStackOptions.Parse(["--ingest", "a/bootstrap", "--query", "q.dll", "--launcher", "qemu-aarch64 -L /",
            "--env", "EVENT_TYPES=a,b", "--env", "X=1=2", "--instances", "3", "--timeout", "1.5"]);

        Assert.Equal("a/bootstrap", options.FunctionPaths["ingest"]);
        Assert.Equal("q.dll", options.FunctionPaths["query"]);
        Assert.Equal(["qemu-aarch64", "-L", "/"], options.Launcher);
        Assert.Equal("a,b", options.Environment["EVENT_TYPES"]);
        Assert.Equal("1=2", options.Environment["X"]);
        Assert.Equal(3, options.Instances);
        Assert.Equal(TimeSpan.FromSeconds(1.5), options.Timeout);
    }

    [Theory]
    [InlineData("--port")]
    [InlineData("--port", "70000")]
    [InlineData("--env", "NOEQUALS")]
    [InlineData("stray")]
    public void MalformedArgumentsAreUsageErrors(params string[] args)
    {
        Assert.Throws<UsageException>(() => LocalStackOptions.Parse(args));
    }

    [Fact]
    public void EveryFlagIsInTheUsageText()
    {
        var flags = new[] { "--port", "--host", "--dynamodb-port", "--dynamodb-endpoint", "--table", "--ingest", "--query", "--launcher",
            "--instances", "--timeout", "--memory", "--clients", "--env", "--ready-file", "--repo-root", "--quiet" };

        Assert.All(flags, flag => Assert.Contains($"  {flag} ", LocalStackOptions.Usage, StringComparison.Ordinal));
    }

    [Fact]
    public void HelpAndQuietAreFlagsWithoutValues()
    {
        var options = LocalStackOptions.Parse(["-h", "--quiet", "--ingest", "i"]);

        Assert.Equal((true, true, "i"), (options.Help, options.Quiet, options.FunctionPaths["ingest"]));
    }

    [Theory]
    [InlineData("--instances", "0")]
    [InlineData("--timeout", "soon")]
    [InlineData("--ingest")]
    public void OutOfRangeValuesAndMissingFunctionPathsAreUsageErrors(params string[] args)
        => Assert.Throws<UsageException>(() => LocalStackOptions.Parse(args));
}
