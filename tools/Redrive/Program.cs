using Amazon;
using Amazon.Runtime;
using Amazon.SQS;
using Tracking.Redrive;

RedriveOptions options;
try
{
    options = RedriveOptions.Parse(args);
}
catch (RedriveUsageException e)
{
    await Console.Error.WriteLineAsync(e.Message);
    await Console.Error.WriteLineAsync(RedriveOptions.Usage);
    return 64;
}
if (options.Help)
{
    Console.WriteLine(RedriveOptions.Usage);
    return 0;
}

var config = new AmazonSQSConfig();
if (options.Endpoint is { } endpoint)
{
    config.ServiceURL = endpoint;
    config.AuthenticationRegion = options.Region;
}
else
{
    config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
}
// The local stack's dummy credentials (tools/LocalStack/LocalDefaults.cs); on AWS, the default chain.
using var sqs = options.Local ? new AmazonSQSClient(new BasicAWSCredentials("local", "local"), config) : new AmazonSQSClient(config);
var redriver = new Redriver(sqs, options.DeadLetterQueueUrl!, options.TargetQueueUrl!);
try
{
    if (options.DryRun)
    {
        var letters = await redriver.ListAsync(options.Max, CancellationToken.None);
        Console.WriteLine($"{letters.Count} message(s) in {options.DeadLetterQueueUrl} (dry run: nothing moved)");
        foreach (var letter in letters) Console.WriteLine(Line(letter));
        return 0;
    }
    var moved = await redriver.MoveAsync(options.Max, letter => Console.WriteLine("moved " + Line(letter)), CancellationToken.None);
    Console.WriteLine($"{moved} message(s) moved from {options.DeadLetterQueueUrl} to {options.TargetQueueUrl}");
    return 0;
}
catch (Exception e) when (e is AmazonServiceException or HttpRequestException or InvalidOperationException)
{
    await Console.Error.WriteLineAsync($"error: {e.Message}");
    return 1;
}

static string Line(DeadLetter d)
    => $"  {d.MessageId}  sent {d.SentAt:yyyy-MM-ddTHH:mm:ssZ}  receives {d.ReceiveCount}  tracking {d.TrackingId ?? "-"}  event {d.EventId ?? "-"}";
