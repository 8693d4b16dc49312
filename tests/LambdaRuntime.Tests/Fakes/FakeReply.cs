using System.Net;

namespace Tracking.LambdaRuntime.Tests.Fakes;

internal sealed record FakeReply(HttpStatusCode Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body);
