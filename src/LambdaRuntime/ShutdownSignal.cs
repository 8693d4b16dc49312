using System.Runtime.InteropServices;

namespace Tracking.LambdaRuntime;

/// <summary>A token cancelled by SIGTERM (Lambda shutting the sandbox down), SIGINT (Ctrl-C locally) or process exit.</summary>
internal sealed class ShutdownSignal : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly List<PosixSignalRegistration> _registrations = new(2);
    private int _disposed;

    public ShutdownSignal()
    {
        Register(PosixSignal.SIGTERM);
        Register(PosixSignal.SIGINT);
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public CancellationToken Token => _source.Token;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _source.Dispose();
    }

    private void Register(PosixSignal signal)
    {
        try
        {
            _registrations.Add(PosixSignalRegistration.Create(signal, OnSignal));
        }
        catch (PlatformNotSupportedException)
        {
            // Only Linux matters (Lambda); elsewhere the default signal behaviour stays.
        }
    }

    private void OnSignal(PosixSignalContext context)
    {
        // Keep the process alive long enough for RunAsync to return and Main to exit with its own code.
        context.Cancel = true;
        Cancel();
    }

    private void OnProcessExit(object? sender, EventArgs e) => Cancel();

    private void Cancel()
    {
        if (Volatile.Read(ref _disposed) == 0)
        {
            try
            {
                _source.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Raced with Dispose: shutting down already.
            }
        }
    }
}
