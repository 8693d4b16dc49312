using Tracking.LocalStack.Hosting;

return await LocalStackCli.RunAsync(args, Console.Out, Console.Error);
