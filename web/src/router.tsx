import {
  createRootRoute,
  createRoute,
  createRouter,
  Link,
  Outlet,
  useNavigate,
} from '@tanstack/react-router';
import { TokenGate } from './components/token-gate';
import { ComparePage } from './pages/compare-page';
import { DomainsPage } from './pages/domains-page';
import { PlayPage } from './pages/play-page';
import { ResultPage } from './pages/result-page';
import { ReviewPage } from './pages/review-page';
import { RunComparePage } from './pages/run-compare-page';
import { RunPage } from './pages/run-page';
import { RunsPage } from './pages/runs-page';
import { SetupPage } from './pages/setup-page';
import { TrajectoriesPage, validateTrajectoriesSearch } from './pages/trajectories-page';
import { TrajectoryPage } from './pages/trajectory-page';

const rootRoute = createRootRoute({
  component: () => (
    <TokenGate>
      <header className="top">
        <Link to="/" className="brand">
          Sigma
        </Link>
        <nav aria-label="main">
          <Link to="/" activeOptions={{ exact: true, includeSearch: false }}>
            Play
          </Link>
          <Link to="/trajectories">Trajectories</Link>
          {/* The review queue and the runs pages have routes of their own (typed once they are added). */}
          <Link to={'/review' as never}>Review</Link>
          <Link to={'/runs' as never}>Runs</Link>
          <Link to="/domains">Domains</Link>
        </nav>
      </header>
      <main>
        <Outlet />
      </main>
    </TokenGate>
  ),
});

interface SetupSearch {
  env?: string;
  task?: number;
}

const setupRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  validateSearch: (search: Record<string, unknown>): SetupSearch => ({
    ...(typeof search.env === 'string' ? { env: search.env } : {}),
    ...(Number.isInteger(search.task) && (search.task as number) >= 0 ? { task: search.task as number } : {}),
  }),
  component: function Setup() {
    const search = setupRoute.useSearch();
    const navigate = useNavigate();
    return <SetupPage search={search} onSearch={(s) => navigate({ to: '/', search: s, replace: true })} />;
  },
});

const playRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/play/$id',
  component: function Play() {
    const { id } = playRoute.useParams();
    return <PlayPage key={id} id={id} />;
  },
});

const resultRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/result/$id',
  component: function Result() {
    return <ResultPage id={resultRoute.useParams().id} />;
  },
});

const domainsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/domains',
  component: () => <DomainsPage />,
});

const domainRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/domains/$env',
  component: function Domain() {
    return <DomainsPage env={domainRoute.useParams().env} />;
  },
});

const runsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/runs',
  component: () => <RunsPage />,
});

interface RunSearch {
  disagree?: boolean;
}

const runRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/runs/$id',
  validateSearch: (search: Record<string, unknown>): RunSearch =>
    search.disagree === true || search.disagree === 'true' ? { disagree: true } : {},
  component: function Run() {
    const { id } = runRoute.useParams();
    const search = runRoute.useSearch();
    const navigate = useNavigate();
    return (
      <RunPage
        key={id}
        id={id}
        disagree={search.disagree === true}
        onDisagree={(on) =>
          navigate({ to: '/runs/$id', params: { id }, search: on ? { disagree: true } : {}, replace: true })
        }
      />
    );
  },
});

const runCompareRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/runs/$id/compare/$other',
  component: function RunCompare() {
    const { id, other } = runCompareRoute.useParams();
    return <RunComparePage id={id} other={other} />;
  },
});

const trajectoryRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/trajectories/$id',
  component: function Trajectory() {
    const { id } = trajectoryRoute.useParams();
    return <TrajectoryPage key={id} id={id} />;
  },
});

const compareRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/compare',
  validateSearch: (search: Record<string, unknown>): { ids?: string } =>
    typeof search.ids === 'string' ? { ids: search.ids } : {},
  component: function Compare() {
    const { ids } = compareRoute.useSearch();
    const list = (ids ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter((id) => id !== '');
    return <ComparePage key={list.join(',')} ids={list} />;
  },
});

/** The review queue takes the trajectory list's filter parameters, as they are in the URL. */
const reviewRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/review',
  validateSearch: (search: Record<string, unknown>): Record<string, string> =>
    Object.fromEntries(
      Object.entries(search).flatMap(([k, v]) =>
        typeof v === 'string'
          ? [[k, v]]
          : typeof v === 'number' || typeof v === 'boolean'
            ? [[k, String(v)]]
            : [],
      ),
    ),
  component: function Review() {
    return <ReviewPage filter={reviewRoute.useSearch()} />;
  },
});

const trajectoriesRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/trajectories',
  validateSearch: validateTrajectoriesSearch,
  component: function Trajectories() {
    const search = trajectoriesRoute.useSearch();
    const navigate = useNavigate();
    return (
      <TrajectoriesPage search={search} onSearch={(s) => navigate({ to: '/trajectories', search: s })} />
    );
  },
});

export const router = createRouter({
  routeTree: rootRoute.addChildren([
    setupRoute,
    playRoute,
    resultRoute,
    domainsRoute,
    domainRoute,
    runsRoute,
    runRoute,
    runCompareRoute,
    trajectoryRoute,
    compareRoute,
    reviewRoute,
    trajectoriesRoute,
  ]),
});

declare module '@tanstack/react-router' {
  interface Register {
    router: typeof router;
  }
}
