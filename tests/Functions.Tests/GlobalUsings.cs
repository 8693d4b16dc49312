global using Tracking.Contracts;
global using Tracking.Contracts.Api;
global using Tracking.Functions.Tests.Fakes;
global using Xunit;
