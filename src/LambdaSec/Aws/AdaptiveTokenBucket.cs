using System;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws;

/// <summary>
/// A token bucket whose rate adapts AIMD-style: halved when AWS throttles (at most once per refill
/// interval, so one burst of throttled answers counts once), raised by a small step on each success,
/// never above the documented quota nor below a floor.
/// </summary>
public sealed class AdaptiveTokenBucket
{
    private readonly object _gate = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private double _tokens;
    private double _lastRefill;
    private double _lastDecrease = double.NegativeInfinity;

    public AdaptiveTokenBucket(double rate, double burst)
    {
        if (rate <= 0) throw new ArgumentOutOfRangeException(nameof(rate), "The rate must be above zero.");
        MaxRate = rate;
        CurrentRate = rate;
        Burst = Math.Max(1, burst);
        _tokens = Burst;
    }

    public double MaxRate { get; }

    public double Burst { get; }

    public double CurrentRate { get; private set; }

    private double MinRate => Math.Max(0.2, MaxRate / 50);

    public async Task AcquireAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                Refill();
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return;
                }
                wait = TimeSpan.FromSeconds((1 - _tokens) / CurrentRate);
            }
            await Task.Delay(wait, cancellationToken).ConfigureAwait(false);
        }
    }

    public void OnThrottled()
    {
        lock (_gate)
        {
            var now = _clock.Elapsed.TotalSeconds;
            if (now - _lastDecrease < 1 / CurrentRate) return;
            _lastDecrease = now;
            Refill();
            CurrentRate = Math.Max(MinRate, CurrentRate / 2);
            // Drop the saved burst: the server's bucket is empty, so ours must be too.
            _tokens = Math.Min(_tokens, 0);
        }
    }

    public void OnSuccess()
    {
        lock (_gate) CurrentRate = Math.Min(MaxRate, CurrentRate + MaxRate / 50);
    }

    private void Refill()
    {
        var now = _clock.Elapsed.TotalSeconds;
        _tokens = Math.Min(Burst, _tokens + (now - _lastRefill) * CurrentRate);
        _lastRefill = now;
    }
}
