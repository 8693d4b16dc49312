using FsCheck;
using FsCheck.Fluent;

namespace Tracking.Functions.Tests.Fuzz;

/// <summary>Zips of three and four, which FsCheck's fluent API lacks.</summary>
internal static class Gens
{
    public static Gen<(T1, T2, T3)> Zip<T1, T2, T3>(Gen<T1> a, Gen<T2> b, Gen<T3> c)
        => Gen.Zip(Gen.Zip(a, b), c).Select(p => (p.Item1.Item1, p.Item1.Item2, p.Item2));

    public static Gen<(T1, T2, T3, T4)> Zip<T1, T2, T3, T4>(Gen<T1> a, Gen<T2> b, Gen<T3> c, Gen<T4> d)
        => Gen.Zip(Zip(a, b, c), d).Select(p => (p.Item1.Item1, p.Item1.Item2, p.Item1.Item3, p.Item2));
}
