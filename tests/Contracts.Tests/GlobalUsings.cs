global using Tracking.Contracts.Api;
global using Tracking.Contracts.Domain;
global using Tracking.Contracts.Tests.Support;
global using Tracking.Contracts.Validation;
global using Xunit;
